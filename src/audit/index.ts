// The audit capability's one entry point: what the HTTP routes and the CLI call (lint keeps
// them from importing the modules below it).
export { isPlatformAdmin, listAudit } from './list.js';
export { type AuditAnchor, auditHead, parseAnchor, verifyAuditTrail, verifyAuditTrailFor } from './trail.js';
