import { EventEmitter } from 'node:events';
import { armShutdownDeadline } from './shutdown-deadline';

describe('armShutdownDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('ends a shutdown that is still running when the bound has passed since the first signal', () => {
    const source = new EventEmitter();
    const giveUp = jest.fn();
    armShutdownDeadline(source, ['SIGTERM', 'SIGINT'], 1000, giveUp);
    source.emit('SIGTERM', 'SIGTERM');
    jest.advanceTimersByTime(500);
    source.emit('SIGINT', 'SIGINT');
    jest.advanceTimersByTime(499);
    expect(giveUp).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(giveUp).toHaveBeenCalledTimes(1);
    expect(giveUp).toHaveBeenCalledWith('SIGTERM');
  });

  it('does nothing until a signal comes', () => {
    const giveUp = jest.fn();
    armShutdownDeadline(new EventEmitter(), ['SIGTERM'], 1000, giveUp);
    jest.advanceTimersByTime(10_000);
    expect(giveUp).not.toHaveBeenCalled();
  });
});
