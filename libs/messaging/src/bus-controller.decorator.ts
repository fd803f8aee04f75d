import { applyDecorators, Controller, UseFilters } from '@nestjs/common';
import { RethrowRpcFilter } from './rethrow-rpc.filter';

/** A Nest controller of bus handlers; errors reach BusServer unchanged so it can answer, retry or dead-letter. */
export const BusController = (): ClassDecorator => applyDecorators(Controller(), UseFilters(new RethrowRpcFilter()));
