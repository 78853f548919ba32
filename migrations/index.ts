/**
 * Every migration, listed by hand for Kysely's Migrator (static provider): no directory
 * scanning, so the list works the same under tsx, vitest and a bundle. Append-only: a new
 * migration gets the next number; an applied one is never edited.
 */
import type { Migration } from 'kysely';
import * as initial from './001_initial.ts';
import * as countyDefinitions from './002_county_definitions.ts';
import * as apiDefinitions from './003_api_definitions.ts';
import * as ballotsAndRoster from './004_ballots_and_roster.ts';
import * as ballotTerms from './005_ballot_terms.ts';
import * as namedBallots from './006_named_ballots.ts';
import * as files from './007_files.ts';
import * as notificationIndex from './008_notification_index.ts';
import * as unitActive from './009_unit_active.ts';
import * as registerIndex from './010_register_index.ts';
import * as namePinyin from './011_name_pinyin.ts';
import * as accounts from './012_accounts.ts';
import * as auditLog from './013_audit_log.ts';
import * as owners from './014_owners.ts';
import * as sealedBallots from './015_sealed_ballots.ts';
import * as castThrottle from './016_cast_throttle.ts';
import * as stations from './017_stations.ts';
import * as regionReaders from './018_region_readers.ts';
import * as constituentIntake from './019_constituent_intake.ts';
import * as points from './020_points.ts';
import * as receptionCadences from './021_reception_cadences.ts';
import * as statisticsProjection from './022_statistics_projection.ts';
import * as voterBallots from './023_voter_ballots.ts';
import * as instanceLinks from './024_instance_links.ts';
import * as archiveIndex from './025_archive_index.ts';
import * as notificationDelivery from './030_notification_delivery.ts';
import * as calendarNames from './032_calendar_names.ts';
import * as unitPositions from './034_unit_positions.ts';
import * as taskActions from './035_task_actions.ts';
import * as taskReturn from './036_task_return.ts';
import * as notificationDigests from './040_notification_digests.ts';
import * as calendarVersions from './041_calendar_versions.ts';
import * as instanceHolds from './043_instance_holds.ts';
import * as taxonomyOverlays from './046_taxonomy_overlays.ts';

export const migrations: Record<string, Migration> = {
  '001_initial': { up: initial.up, down: initial.down },
  '002_county_definitions': { up: countyDefinitions.up, down: countyDefinitions.down },
  '003_api_definitions': { up: apiDefinitions.up, down: apiDefinitions.down },
  '004_ballots_and_roster': { up: ballotsAndRoster.up, down: ballotsAndRoster.down },
  '005_ballot_terms': { up: ballotTerms.up, down: ballotTerms.down },
  '006_named_ballots': { up: namedBallots.up, down: namedBallots.down },
  '007_files': { up: files.up, down: files.down },
  '008_notification_index': { up: notificationIndex.up, down: notificationIndex.down },
  '009_unit_active': { up: unitActive.up, down: unitActive.down },
  '010_register_index': { up: registerIndex.up, down: registerIndex.down },
  '011_name_pinyin': { up: namePinyin.up, down: namePinyin.down },
  '012_accounts': { up: accounts.up, down: accounts.down },
  '013_audit_log': { up: auditLog.up, down: auditLog.down },
  '014_owners': { up: owners.up, down: owners.down },
  '015_sealed_ballots': { up: sealedBallots.up, down: sealedBallots.down },
  '016_cast_throttle': { up: castThrottle.up, down: castThrottle.down },
  '017_stations': { up: stations.up, down: stations.down },
  '018_region_readers': { up: regionReaders.up, down: regionReaders.down },
  '019_constituent_intake': { up: constituentIntake.up, down: constituentIntake.down },
  '020_points': { up: points.up, down: points.down },
  '021_reception_cadences': { up: receptionCadences.up, down: receptionCadences.down },
  '022_statistics_projection': { up: statisticsProjection.up, down: statisticsProjection.down },
  '023_voter_ballots': { up: voterBallots.up, down: voterBallots.down },
  '024_instance_links': { up: instanceLinks.up, down: instanceLinks.down },
  '025_archive_index': { up: archiveIndex.up, down: archiveIndex.down },
  '030_notification_delivery': { up: notificationDelivery.up, down: notificationDelivery.down },
  '032_calendar_names': { up: calendarNames.up, down: calendarNames.down },
  '034_unit_positions': { up: unitPositions.up, down: unitPositions.down },
  '035_task_actions': { up: taskActions.up, down: taskActions.down },
  '036_task_return': { up: taskReturn.up, down: taskReturn.down },
  '040_notification_digests': { up: notificationDigests.up, down: notificationDigests.down },
  '041_calendar_versions': { up: calendarVersions.up, down: calendarVersions.down },
  '043_instance_holds': { up: instanceHolds.up, down: instanceHolds.down },
  '046_taxonomy_overlays': { up: taxonomyOverlays.up, down: taxonomyOverlays.down },
};
