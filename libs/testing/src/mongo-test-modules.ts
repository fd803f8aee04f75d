import type { DynamicModule } from '@nestjs/common';
import { ObservabilityModule } from '@tessera/observability';
import { MongoModule } from '@tessera/persistence';

/**
 * The modules an integration spec needs to use repositories on the real database (FerretDB in the local stack):
 * metrics (the driver's command counter) and a database of its own, `<prefix>_<time>`, to drop at the end.
 */
export function mongoTestModules(prefix: string): DynamicModule[] {
  return [
    ObservabilityModule.forRoot(),
    MongoModule.forRoot({
      url: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017',
      dbName: `${prefix}_${Date.now().toString(36)}`,
    }),
  ];
}
