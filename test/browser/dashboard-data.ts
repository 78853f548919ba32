/**
 * A few deputies' suggestions driven to conclusion through the API (as test/api/statistics.test.ts
 * does, without a simulated clock), for the dashboard's browser test: three in two categories,
 * answered A, B and A and rated 满意, 基本满意, 满意, and one registered and still in handling.
 */
import { answer, consult, suggestionDriver } from '../support/suggestion-driver.ts';

type Call = (token: string | null, method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

export async function driveSuggestions(call: Call, login: (user: string) => Promise<string>): Promise<void> {
  const { act, issue, start } = suggestionDriver(call, login);
  const conclude = async (deputy: string, source: string, category: string, unit: string, unitUser: string, result: string, rating: string) => {
    const id = await start(deputy, { origin: 'SESSION', sourceCode: source });
    await act('staff', id, 'ACCEPT', { categoryCode: category });
    await act('staff', id, 'PROPOSE_ASSIGNMENT', { viaGovOffice: false, supervisionLevel: 'GENERAL', mode: 'SINGLE', leadUnitId: unit });
    await act('staff', id, 'APPROVE_ASSIGNMENT', {});
    await act(unitUser, id, 'ACCEPT');
    await act(unitUser, id, 'LOG_CONSULTATION', consult);
    await act(unitUser, id, 'START_DRAFT');
    await issue(unitUser, id, answer(result));
    await act(deputy, id, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: rating });
    return id;
  };
  await conclude('deputy1', 'RESEARCH', 'EDU_SCI_CULT_HEALTH_SPORT', 'unit-housing', 'unit1', 'A', 'SATISFIED');
  await conclude('deputy2', 'INSPECTION', 'EDU_SCI_CULT_HEALTH_SPORT', 'unit-education', 'unit2', 'B', 'BASIC');
  await conclude('deputy3', 'VISIT', 'TRANSPORT_POST_TELECOM', 'unit-housing', 'unit1', 'A', 'SATISFIED');
  const open = await start('deputy5', { origin: 'SESSION', sourceCode: 'GROUP_ACTIVITY' });
  await act('staff', open, 'ACCEPT', { categoryCode: 'AGRI_FOREST_WATER' });
}

/** The driven year as the statistics API gives it to staff (what the pages must show). */
export async function driveAndRead(call: Call, login: (user: string) => Promise<string>) {
  await driveSuggestions(call, login);
  const staff = await login('staff');
  const year = new Date().getFullYear();
  const api = (await call(staff, 'GET', `/statistics/suggestion?period=year:${year}`)).body;
  const units = (await call(staff, 'GET', `/statistics/suggestion/units?period=year:${year}`)).body;
  const metric = (id: string): any => api.metrics.find((m: { id: string }) => m.id === id);
  return { staff, year, api, units, metric };
}
