/** Today in the county's time zone (Beijing), YYYY-MM-DD: the default date of a claim. */
import { COUNTY_TIME_ZONE } from '../county-time.ts';

export function countyToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: COUNTY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
