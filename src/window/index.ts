// The one-window service's facade: what the HTTP routes and the CLI call.
export { windowContext, type WindowContext } from './store.js';
export { listServices, loadService } from './services.js';
export { addMaterial, createApplication, submitApplication, updateForm, materialsToHandIn } from './applications.js';
export { acceptApplication, rejectApplication, requestSupplement } from './intake.js';
export { completeWork } from './work.js';
export { worklist } from './worklist.js';
export { taskDetail } from './task-detail.js';
export { getApplication, listApplications, materialFile, messages, noticeOf, resultFile, supervision, track } from './queries.js';
export { importCertificates, verifyCertificate } from './certificates.js';
export { closeVerification, openVerifications } from './verifications.js';
export { renderNoticePdf } from './print.js';
export { escalateOverdue, listEscalations } from './escalation.js';
export { answerHandlingSupplement, requestHandlingSupplement } from './handling.js';
export * from './model.js';
