// Test files share one module registry per worker (vitest.config.ts, isolate: false): what a
// module remembers for the process is put back as a new process has it before each file, so a
// file that loaded an official holiday year does not change the next file's deadlines.
import { resetPlatformCalendar } from '../../src/calendar/index.js';

resetPlatformCalendar();
