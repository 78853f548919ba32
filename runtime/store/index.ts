export type * from './schema.ts';
export { ROLES, REGION_ROLE } from './schema.ts';
export { openDatabase, openPostgres, wrapPglite, type DatabaseHandle, type DatabaseKind, type OpenDatabaseOptions } from './db.ts';
export { migrateToLatest } from './migrate.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
export * from './users.ts';
export * from './seed.ts';
export { createRuntime, inTransaction, SimulatedClock, type Runtime } from './runtime.ts';
export { DefinitionRegistry } from './definition-registry.ts';
export { CalendarProvider } from './calendar-provider.ts';
export { startInstance, startInstanceWithView, startInstanceBrief, completeTask, completeTaskWithView, completeTaskBrief, claimTask, type CallerContext, type PhaseMarks } from './instance-service.ts';
export type { InstanceBrief } from './instance-brief.ts';
export { addTaskSigner, answerCountersign, sendBackTask, taskReturnInfo, withdrawTask, type ReturnCaller, type TaskReturnInfo } from './task-return.ts';
export { mayAct, maySeeInstance, maySeeTask } from './task-access.ts';
export {
  getInstanceView,
  getTask,
  listInstances,
  listTasks,
  type HistoryEntry,
  type InstanceListQuery,
  type InstanceSummary,
  type InstanceView,
  type OutcomeView,
  type TaskQuery,
  type TaskView,
} from './instance-views.ts';
export { drainOutbox, fireNextTimer, runDueTimers, startScheduler, type OutboxMessage, type Scheduler } from './scheduler.ts';
export { StoreEvents, type StoreEvent, type StoreEventMap } from './store-events.ts';
export {
  currentDefinition,
  diffVersions,
  effectiveDraft,
  getOverlay,
  listVersions,
  publish,
  regionChain,
  saveOverlay,
  saveRegionOverlay,
  type Draft,
  type VersionView,
} from './county-definitions.ts';
export { addApiPackage, loadApiPackages } from './api-definitions.ts';
export { migrateInstances, migrationDryRun, type MigrationReport } from './instance-migration.ts';
export { seedCountyExamples, type ExampleSummary } from './county-examples.ts';
export {
  ballotList,
  ballotResult,
  ballotsForDeputy,
  boxEntries,
  closeBallot,
  getBallot,
  listBallots,
  namedVotes,
  openBallot,
  type BallotResult,
  type BallotView,
  type NamedVote,
} from './ballots.ts';
export { createBallot, DEFAULT_BATCH_SIZE, type DraftBallotSpec, type NewBallot } from './ballot-creation.ts';
export { castVote, castSealedVote, type CastReceipt, type SealedReceipt } from './ballot-casting.ts';
export { castBodyLimit } from './ballot-casting.ts';
export { CAST_THROTTLE } from './cast-throttle.ts';
export { ballotBox, publishBallot, type PaperCounts, type SealedBox } from './ballots.ts';
export { checkPaperCounts, setTellers, submitDecryption, submitPaper, submitTellerKey } from './ballot-tellers.ts';
export * from './roster.ts';
export { listNotifications, type NotificationView } from './notifications.ts';
export { attachmentDisposition, MAX_FILE_BYTES, readFileFor, saveFile, servedType, uploadBodyLimit, type FileView } from './files.ts';
export { addAttachment, addComment, delegateTask, revokeDelegation, transferTask, urgeTask, type TaskActionDone } from './task-actions.ts';
export { readUrgeStatistics, type UrgeStatisticsView } from './urge-statistics.ts';
export { getTaskDetail, instanceDocuments, type DocumentFileView, type DocumentView, type InstanceDocuments, type NameView, type TaskDetail } from './documents.ts';
export {
  COUNTY_TIME_ZONE,
  countyDate,
  currentRegisterPackage,
  readRegister,
  readRegisterOptions,
  readWholeRegister,
  registerProcesses,
  type RegisterColumnView,
  type RegisterOption,
  type RegisterOptionsView,
  type RegisterProcess,
  type RegisterRowView,
  type RegisterView,
} from './register.ts';
export { parseRegisterParams, registerDefinition, singleParams, REGISTER_PAGE_MAX, type RegisterParams } from './register-query.ts';
export { DIRECTORY_KINDS, directoryNames, directoryScope, searchDirectory, type DirectoryEntry, type DirectoryKind, type DirectoryQuery, type NameEntry } from './directory.ts';
export { namePinyin, pinyinColumns } from './name-pinyin.ts';
export { ACCOUNT_THROTTLE, ADDRESS_THROTTLE, addressBucket, beginLoginAttempt, loginSucceeded, type LoginSubject, type LoginTicket, type ThrottleAnswer } from './login-throttle.ts';
export { bumpTokenVersion } from './sql/bump-token-version.ts';
export { readAuthUser, type AuthUserRow } from './sql/auth-user.ts';
export { selectReadDatabaseHealth, type ReadDatabaseHealth } from './sql/read-database-health.ts';
export { AUDIT_PAGE_MAX, listAudit, parseAuditQuery, readWholeAudit, recordAudit, recordMigrations, type AuditDetail, type AuditEntry, type AuditQuery, type AuditView } from './audit.ts';
export { AUDIT_ACTIONS, AUDIT_TARGET_KINDS, isAuditAction, type AuditAction, type AuditTargetKind } from '../audit-actions.ts';
export { isMonthlyMetric, monthlyDrillIds, readMonthly, type MonthlyView } from './statistics-monthly.ts';
export { readPeriodChoices } from './statistics-periods.ts';
export { attachDeputies, createStation, detachDeputy, getStation, listStations, newPublicCode, regeneratePublicCode, updateStation, type StationDeputyView, type StationView } from './stations.ts';
export { checkNewStation, checkStationPatch, STATION_LEVEL_TITLES, STATION_LEVELS, type StationFields, type StationPatch } from './station-input.ts';
export {
  checkCadence,
  checkOneReception,
  createCadence,
  generateAllReceptions,
  generateReceptions,
  listCadences,
  listReceptionDays,
  noticeInstant,
  receptionStatistics,
  RECEPTION_PROCESS,
  scheduleReception,
  setCadenceActive,
  type CadenceView,
  type ReceptionDayView,
  type ReceptionStatistics,
} from './receptions.ts';
export { seedDemoStations } from './station-demo.ts';
export { actOnEntry, createClaim, deputyPoints, getEntry, publications, publishQuarter, quarterRanking, readClaimEvidence, reviewQueue, type PointEntryView } from './points.ts';
export { planReportBacks, reportBackCoverage, type ReportBackCoverage } from './report-back.ts';
export { LIST_HOLD_SCOPE, listOptions, listQuery, meetingCandidates, MEETING_KINDS, readMeetingSheet, type CandidateView, type MeetingKind } from './meeting-lists.ts';
export { castWithPass, listVoterPasses, voterBallotFacts, type VoterBallotFacts } from './voter-ballot.ts';
export { countyRules, saveCountyRuleOverlay } from './point-rules.ts';
export { COUNTY_TABLE_METRICS, readRegionCountyTable, readRegionStatistics, readRegionUnitTable, regionScope, withCounty, type RegionCountyTableView, type RegionStatisticsView } from './statistics-region.ts';
export { readRegionRegister, readRegionRegisterOptions, readWholeRegionRegister, regionReader, REGION_REGISTER_PARAMS, type RegionRegisterView } from './register-region.ts';
export { citizenOfIssue, lookupIssue, publicFeedback, publicStation, recordIssue, submitPublicIssue, CONSTITUENT_ISSUE, type CitizenView, type IssueProgress } from './constituent-intake.ts';
export { insertStationRow, type NewStationRow } from './sql/insert-station-row.ts';
export { baseCatalogue, countyCatalogue, drillCatalogueOf, drillIds, drillQuery, readStatistics, readUnitTable, saveMetricsOverlay, statisticsProcesses, type StatisticsView, type UnitTableView } from './statistics.ts';
export { archiveRows, readDeputyArchive, ARCHIVE_COLUMNS, type ArchiveEntry, type ArchiveSection, type DeputyArchive } from './deputy-archive.ts';
export { assessmentOverview, myAssessment, openAssessment } from './assessments.ts';
export { TABLE_CATALOGUES } from './statistics.ts';
export { readPointsList, type PointsListView } from './statistics-points.ts';
export { readRegionPointsList } from './statistics-region-points.ts';
export { ASSESSMENT_COLUMNS, assessmentTableRows } from './assessment-table.ts';
export { runDeliveriesOnce, defaultChannels, type DeliveryChannels, type DeliveryRunResult, type DeliveryRunOptions } from './delivery-worker.ts';
export { checkSettingsPatch, DEFAULT_DELIVERY_SETTINGS, DELIVERY_SETTINGS_INFO, readDeliverySettings, retryDelayMs, saveDeliverySettings, sealStoredSecrets, settingsView, type DeliverySettings, type DeliverySettingsView, type SettingInfo } from './delivery-settings.ts';
export { CHANNEL_INFO, checkPreferences, quietUntil, readPreferences, savePreferences, type NotificationPreferences } from './notification-preferences.ts';
export { deadLetters, replayDeadLetter, type DeadLetterView } from './delivery-views.ts';
export { openSecret, sealSecret, secretsKeyOf } from './settings-secrets.ts';
export { digestNotices, runDailyDigest, type DigestRun } from './digest.ts';
export { addToKeyTheme, keyThemeOffer, type KeyThemeOffer } from './key-theme-addition.ts';
export { keyThemeFigures, keyThemeFiguresOfYear, type KeyThemeFigures } from './key-theme-figures.ts';
