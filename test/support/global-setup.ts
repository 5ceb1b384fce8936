// Runs once before any test file: builds the web app when its sources are newer than the
// build, so the end-to-end files (which may run in parallel) never build it concurrently.
import { ensureWebBuild } from '../e2e/server.js';

export default function setup(): void {
  ensureWebBuild();
}
