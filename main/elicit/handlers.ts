// The elicitation domain's IPC handlers: the Arena view and the Rate view.
import type { Handlers } from '../ipc/dispatch.ts';
import type { ElicitService } from './service.ts';

type ElicitChannel = Extract<keyof Handlers, `elicit/${string}`>;

export function elicitHandlers(elicit: ElicitService): Pick<Handlers, ElicitChannel> {
  return {
    'elicit/arenaStart': ({ rule }) => elicit.arenaStart({ rule: rule ?? 'info' }),
    'elicit/arenaState': ({ sessionId }) => elicit.arenaState(sessionId),
    'elicit/arenaAnswer': ({ sessionId, answer, side }) => elicit.arenaAnswer(sessionId, answer, side),
    'elicit/arenaUndo': ({ sessionId }) => elicit.arenaUndo(sessionId),
    'elicit/arenaTop': ({ sessionId }) => elicit.arenaTop(sessionId),
    'elicit/findTitles': ({ query, year }) => elicit.findTitles(query, { year, limit: 12 }),
    'elicit/rateStart': ({ tconst, maxSteps }) => elicit.rateStart(tconst, { maxSteps }),
    'elicit/rateAnswer': ({ sessionId, answer }) => elicit.rateAnswer(sessionId, answer),
    'elicit/rateUndo': ({ sessionId }) => elicit.rateUndo(sessionId),
    'elicit/rateSave': ({ sessionId }) => elicit.rateSave(sessionId),
  };
}
