import { ReadinessRegistry } from '@tessera/observability';
import { TerminusModule } from '@nestjs/terminus';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Db, MongoClient } from 'mongodb';

export const MONGO_DB = Symbol('MONGO_DB');
export const MONGO_CLIENT = Symbol('MONGO_CLIENT');

export interface MongoOptions {
  url: string;
  dbName: string;
}

@Injectable()
export class MongoLifecycle implements OnApplicationShutdown {
  constructor(@Inject(MONGO_CLIENT) private readonly client: MongoClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

@Injectable()
export class MongoReadinessProbe {
  constructor(
    @Inject(MONGO_DB) private readonly db: Db,
    private readonly indicators: HealthIndicatorService,
    readiness: ReadinessRegistry,
  ) {
    readiness.register(this);
  }

  async check() {
    const indicator = this.indicators.check('mongodb');
    try {
      await this.db.command({ ping: 1 });
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}

/** One MongoClient per app, its own database. No transactions, no change streams: FerretDB must run it too. */
@Global()
@Module({})
export class MongoModule {
  static forRoot(options: MongoOptions): DynamicModule {
    return {
      module: MongoModule,
      imports: [TerminusModule],
      providers: [
        {
          provide: MONGO_CLIENT,
          useFactory: async () => {
            const client = new MongoClient(options.url, {
              serverSelectionTimeoutMS: 5000,
              retryWrites: false,
              appName: options.dbName,
            });
            await client.connect();
            return client;
          },
        },
        { provide: MONGO_DB, useFactory: (client: MongoClient) => client.db(options.dbName), inject: [MONGO_CLIENT] },
        MongoLifecycle,
        MongoReadinessProbe,
      ],
      exports: [MONGO_DB, MONGO_CLIENT, MongoReadinessProbe],
    };
  }
}
