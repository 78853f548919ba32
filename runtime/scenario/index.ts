/** Sample years (scenarios/): the file format, its expansion into suggestions, and the driver that plays them through the engine. */
export { loadScenario, scenarioProblems, ScenarioError, SCENARIOS_DIR, type Scenario } from './format.ts';
export { expandScenario, type PlannedStep, type PlannedSuggestion, type ScenarioPlan } from './expand.ts';
export { seedScenario, type ScenarioSummary, type SeedScenarioOptions } from './drive.ts';
