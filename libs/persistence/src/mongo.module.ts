import { DynamicModule, Global, Inject, Injectable, Module } from '@nestjs/common';
import { MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import type { Connection } from 'mongoose';
import type { Db, MongoClient } from 'mongodb';
import { MetricsRegistry, ReadinessRegistry } from '@tessera/observability';
import { countCommands } from './command-counter';

/** The native database handle under the mongoose connection (for what mongoose does not model, e.g. commands). */
export const MONGO_DB = Symbol('MONGO_DB');
export const MONGO_CLIENT = Symbol('MONGO_CLIENT');

export interface MongoOptions {
  url: string;
  dbName: string;
}

@Injectable()
export class MongoReadinessProbe {
  constructor(
    @Inject(getConnectionToken()) private readonly connection: Connection,
    private readonly indicators: HealthIndicatorService,
    readiness: ReadinessRegistry,
  ) {
    readiness.register(this);
  }

  /** The connection's own state: a probe costs no round trip (the driver's monitor pings the server). */
  async check() {
    const indicator = this.indicators.check('mongodb');
    return this.connection.readyState === 1
      ? indicator.up()
      : indicator.down({ message: `connection state ${this.connection.readyState}` });
  }
}

/**
 * One mongoose connection per app, its own database. No transactions, no change streams: FerretDB must run it
 * too. `autoIndex` is off: each repository creates the indexes it declares (FerretDB v1 refuses some kinds).
 * Every command the driver sends is counted in `tessera_db_commands_total{command}` (the cost budget, visible).
 */
@Global()
@Module({})
export class MongoModule {
  static forRoot(options: MongoOptions): DynamicModule {
    return {
      module: MongoModule,
      imports: [
        TerminusModule,
        MongooseModule.forRootAsync({
          inject: [MetricsRegistry],
          useFactory: (metrics: MetricsRegistry) => ({
            uri: options.url,
            dbName: options.dbName,
            appName: options.dbName,
            serverSelectionTimeoutMS: 5000,
            // the driver's monitor notices a database that went away within this (readiness reads its state)
            heartbeatFrequencyMS: 3000,
            retryWrites: false,
            monitorCommands: true,
            autoIndex: false,
            autoCreate: false,
            bufferCommands: false,
            connectionFactory: (connection: Connection) => {
              countCommands(connection.getClient(), metrics);
              return connection;
            },
          }),
        }),
      ],
      providers: [
        {
          provide: MONGO_CLIENT,
          useFactory: (connection: Connection) => connection.getClient() as unknown as MongoClient,
          inject: [getConnectionToken()],
        },
        {
          provide: MONGO_DB,
          useFactory: (connection: Connection) => connection.db as unknown as Db,
          inject: [getConnectionToken()],
        },
        MongoReadinessProbe,
      ],
      exports: [MONGO_DB, MONGO_CLIENT, MongoReadinessProbe, MongooseModule],
    };
  }
}
