// The database's tables, as Kysely sees them. Each capability adds its own tables by
// augmenting this interface from its own store file, so no capability edits another's:
//
//   declare module '../store/schema.js' { interface Database { matters: MatterTable } }
//
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}
