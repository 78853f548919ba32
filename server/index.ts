export { createApp, currentUser, readJson, requireAuth, requireRole, type AppDeps, type AppEnv, type AuthUser } from './app.ts';
export { registerPath, errorResponse, openApiDocument, type OpenApiOperation } from './openapi.ts';
export { loadSecret } from './secret.ts';
export { startServer, startBackground, type StartOptions, type RunningServer } from './main.ts';
export type { MeView } from './routes/auth.ts';
