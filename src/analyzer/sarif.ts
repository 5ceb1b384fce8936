// The required properties of SARIF 2.1.0 (OASIS standard, §3), checked structurally: what a
// consumer may rely on in every log this analyzer writes. Returns the problems, [] if none.
const LEVELS = new Set(['none', 'note', 'warning', 'error']);
const LOGICAL_KINDS = new Set([
  'function',
  'member',
  'module',
  'namespace',
  'parameter',
  'resource',
  'returnType',
  'type',
  'variable',
  'object',
  'array',
  'property',
  'value',
  'element',
  'text',
  'attribute',
  'comment',
  'declaration',
  'dtd',
  'processingInstruction',
]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkMessage(m: unknown, at: string, problems: string[]): void {
  if (!isObject(m)) return void problems.push(`${at}: message object required (§3.27.11)`);
  if (typeof m.text !== 'string' && typeof m.id !== 'string') problems.push(`${at}: message needs text or id (§3.11.3)`);
}

export function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(log)) return ['sarifLog must be an object'];
  if (log.version !== '2.1.0') problems.push('sarifLog.version must be "2.1.0" (§3.13.2)');
  if (!Array.isArray(log.runs)) return [...problems, 'sarifLog.runs must be an array (§3.13.4)'];
  log.runs.forEach((run: unknown, r) => {
    const at = `runs[${r}]`;
    if (!isObject(run)) return void problems.push(`${at} must be an object`);
    const tool = run.tool;
    if (!isObject(tool) || !isObject(tool.driver)) return void problems.push(`${at}.tool.driver required (§3.14.6, §3.18.2)`);
    const driver = tool.driver;
    if (typeof driver.name !== 'string' || driver.name === '') problems.push(`${at}.tool.driver.name required (§3.19.8)`);
    const rules = Array.isArray(driver.rules) ? (driver.rules as unknown[]) : [];
    const ids = new Set<string>();
    rules.forEach((d, i) => {
      if (!isObject(d) || typeof d.id !== 'string') return void problems.push(`${at}.tool.driver.rules[${i}].id required (§3.49.3)`);
      if (ids.has(d.id)) problems.push(`${at}.tool.driver.rules[${i}].id ${d.id} not unique`);
      ids.add(d.id);
      const level = isObject(d.defaultConfiguration) ? d.defaultConfiguration.level : undefined;
      if (level !== undefined && !LEVELS.has(level as string)) problems.push(`${at}.tool.driver.rules[${i}].defaultConfiguration.level invalid`);
    });
    if (run.results === undefined) return;
    if (!Array.isArray(run.results)) return void problems.push(`${at}.results must be an array (§3.14.23)`);
    run.results.forEach((res: unknown, i) => {
      const rat = `${at}.results[${i}]`;
      if (!isObject(res)) return void problems.push(`${rat} must be an object`);
      checkMessage(res.message, rat, problems);
      if (res.level !== undefined && !LEVELS.has(res.level as string)) problems.push(`${rat}.level invalid (§3.27.10)`);
      if (res.ruleIndex !== undefined) {
        const idx = res.ruleIndex as number;
        if (!Number.isInteger(idx) || idx < -1 || idx >= rules.length) problems.push(`${rat}.ruleIndex out of range (§3.27.6)`);
        else if (idx >= 0 && (rules[idx] as Json).id !== res.ruleId) problems.push(`${rat}.ruleIndex points at another rule than ruleId`);
      }
      if (res.ruleId !== undefined && typeof res.ruleId !== 'string') problems.push(`${rat}.ruleId must be a string`);
      if (res.locations !== undefined) {
        if (!Array.isArray(res.locations)) return void problems.push(`${rat}.locations must be an array`);
        res.locations.forEach((loc: unknown, j) => {
          const lat = `${rat}.locations[${j}]`;
          if (!isObject(loc)) return void problems.push(`${lat} must be an object`);
          if (loc.physicalLocation !== undefined) {
            const pl = loc.physicalLocation;
            if (!isObject(pl) || (!isObject(pl.artifactLocation) && !isObject(pl.address))) problems.push(`${lat}.physicalLocation needs artifactLocation or address (§3.29.2)`);
            else if (isObject(pl.artifactLocation) && typeof pl.artifactLocation.uri !== 'string') problems.push(`${lat}.physicalLocation.artifactLocation.uri must be a string`);
          }
          if (loc.logicalLocations !== undefined) {
            if (!Array.isArray(loc.logicalLocations)) return void problems.push(`${lat}.logicalLocations must be an array`);
            loc.logicalLocations.forEach((ll: unknown, k) => {
              if (!isObject(ll)) return void problems.push(`${lat}.logicalLocations[${k}] must be an object`);
              if (ll.kind !== undefined && !LOGICAL_KINDS.has(ll.kind as string))
                problems.push(`${lat}.logicalLocations[${k}].kind ${String(ll.kind)} is not a SARIF kind (§3.33.7)`);
            });
          }
        });
      }
    });
  });
  return problems;
}
