// The one IPC contract: every invoke channel (request -> response) and every event channel
// (main -> renderer). Main's handlers, the preload bridge and the renderer client are all typed
// from here. Pure types plus two name lists, so the sandboxed preload can bundle it cheaply.
import type { ApiErrorShape, ErrorCode } from '../errors.ts';
import type { EventMap } from '../events.ts';
import type { AppStatus } from '../status/types.ts';
import type { Settings } from '../settings/types.ts';
import type { JobSnapshot } from '../jobs/types.ts';
import type { DropResult } from '../files/types.ts';
import type {
  DatasetSource,
  DatasetsOverview,
  DownloadRequestInput,
  IngestRequest,
} from '../datasets/types.ts';
import type {
  CalibrationReport,
  CalibrationRequest,
  ModelInfo,
  NativeStatus,
  GpuStatus,
  TrainRequest,
} from '../model/types.ts';
import type {
  ComparisonRecord,
  ExportedFile,
  FactorInsight,
  ImportRow,
  ProfileOverview,
  ProfileRating,
  QuickStartFilm,
} from '../profile/types.ts';
import type {
  Explanation,
  Mark,
  MarkChange,
  MarkedTitle,
  RecommendRequest,
  RecommendResult,
  RecommendTuning,
  TitleDetails,
} from '../recommend/types.ts';
import type { SearchHit, SearchOptions, TitlePage } from '../search/types.ts';
import type { LetterboxdOutcome, UnresolvedRow } from '../profile/letterboxd/types.ts';
import type { PosterKeyInput, PosterStatus } from '../posters/types.ts';
import type { SetupRequest, SetupState } from '../setup/types.ts';
import type { Availability, ProviderList, WhereFilterResult, WhereSettings } from '../where/types.ts';
import type {
  ArenaAnswer,
  ArenaRule,
  ArenaState,
  RateAnswer,
  RateMatch,
  RateResult,
  RateState,
} from '../elicit/types.ts';

export interface InvokeMap {
  'app/status': { input: void; output: AppStatus };
  'settings/get': { input: void; output: Settings };
  'settings/update': { input: Partial<Settings>; output: Settings };
  'jobs/list': { input: void; output: JobSnapshot[] };
  'jobs/cancel': { input: { id: string }; output: { cancelled: boolean } };
  'files/drop': { input: { paths: string[] }; output: DropResult };
  'model/list': { input: void; output: ModelInfo[] };
  'model/train': { input: TrainRequest; output: { jobId: string } };
  'model/activate': { input: { id: number }; output: ModelInfo[] };
  'model/backend': { input: void; output: NativeStatus };
  /** The WebGPU adapter training would use (probed once per app run; may take a moment). */
  'model/gpu': { input: void; output: GpuStatus };
  'model/checkCalibration': { input: CalibrationRequest; output: { jobId: string } };
  'model/latestCheck': {
    input: void;
    output: { id: number; createdAt: string; report: CalibrationReport } | null;
  };
  'datasets/list': { input: void; output: DatasetsOverview };
  'datasets/ingest': { input: IngestRequest; output: { jobId: string } };
  'datasets/download': { input: DownloadRequestInput; output: { jobId: string } };
  'datasets/acceptTerms': { input: { source: DatasetSource }; output: DatasetsOverview };
  'profile/overview': { input: void; output: ProfileOverview };
  'profile/ratings': { input: void; output: ProfileRating[] };
  'profile/comparisons': { input: void; output: ComparisonRecord[] };
  'profile/importRows': { input: { importId: number }; output: ImportRow[] };
  'profile/factors': { input: void; output: FactorInsight[] };
  'profile/quickstart': { input: void; output: QuickStartFilm[] };
  'profile/rate': { input: { tconst: string; rating: number }; output: ProfileOverview };
  /** Takes back this session's last in-app rating of a title (the toast's Undo). */
  'profile/undoRate': { input: { tconst: string }; output: ProfileOverview };
  'profile/update': { input: void; output: { jobId: string } };
  'profile/export': { input: { format: 'json' | 'csv' }; output: ExportedFile[] };
  /** One refresh: score, filter, rank (in the compute worker); no seed = a fresh draw. */
  'recommend/refresh': { input: Omit<RecommendRequest, 'details'>; output: RecommendResult };
  'recommend/details': { input: { tconst: string }; output: TitleDetails };
  /** Why a title is recommended (reusable by any view that shows a title). */
  'recommend/explain': { input: { tconst: string }; output: Explanation };
  /** Sets or clears (null) a title's mark; undo sets `previous` back. */
  'recommend/mark': { input: { tconst: string; mark: Mark | null }; output: MarkChange };
  'recommend/marks': { input: { mark?: Mark } | void; output: MarkedTitle[] };
  'recommend/genres': { input: void; output: string[] };
  'recommend/tuning': { input: void; output: RecommendTuning };
  'recommend/updateTuning': {
    input: Partial<RecommendTuning> & { reset?: boolean };
    output: RecommendTuning;
  };
  /** A search box's query; `client` names the box: its newer query drops this one if not started. */
  'search/query': {
    input: SearchOptions & { query: string; client?: string };
    output: { hits: SearchHit[]; superseded: boolean };
  };
  'search/title': { input: { tconst: string }; output: TitlePage };
  /** The rows of a Letterboxd import still to resolve, with their candidates. */
  'search/unresolved': { input: { importId: number }; output: UnresolvedRow[] };
  'search/resolve': { input: { importId: number; row: number; tconst: string }; output: LetterboxdOutcome };
  'posters/status': { input: void; output: PosterStatus };
  /** Saves the TMDB key encrypted (safeStorage); refused (UNAVAILABLE) where that is impossible. */
  'posters/setKey': { input: PosterKeyInput; output: PosterStatus };
  'posters/clearKey': { input: void; output: PosterStatus };
  'posters/clearCache': { input: void; output: PosterStatus };
  'posters/setCacheCap': { input: { megabytes: number }; output: PosterStatus };
  /** Where a title streams in a region (yours by default); never waits on TMDB longer than its gate. */
  'where/title': { input: { tconst: string; region?: string }; output: Availability };
  'where/providers': { input: { region?: string } | void; output: ProviderList };
  'where/regions': { input: void; output: { code: string; name: string }[] };
  'where/settings': { input: void; output: WhereSettings };
  /** null: back to the system locale's region. */
  'where/setRegion': { input: { region: string | null }; output: WhereSettings };
  'where/setServices': { input: { ids: number[] }; output: WhereSettings };
  /** "On my services" / "free" over a ranked list (best first): the first `want` you can watch. */
  'where/filter': {
    input: { tconsts: string[]; onServices: boolean; free?: boolean; want: number };
    output: WhereFilterResult;
  };
  'setup/state': { input: void; output: SetupState };
  /** Starts or resumes the first-run setup (download, import, train) as one job. */
  'setup/start': { input: SetupRequest; output: { jobId: string } };
  'setup/finish': { input: void; output: SetupState };
  'setup/skip': { input: void; output: SetupState };
  'elicit/arenaStart': { input: { rule?: ArenaRule }; output: ArenaState };
  'elicit/arenaState': { input: { sessionId: number }; output: ArenaState };
  /** `side` says which title you have not seen when both are ones you know. */
  'elicit/arenaAnswer': {
    input: { sessionId: number; answer: ArenaAnswer; side?: 'a' | 'b' };
    output: ArenaState;
  };
  'elicit/arenaUndo': { input: { sessionId: number }; output: ArenaState };
  /** The session with the top of your recommendations read again (asked after each answer). */
  'elicit/arenaTop': { input: { sessionId: number }; output: ArenaState };
  'elicit/findTitles': { input: { query: string; year?: number }; output: RateMatch[] };
  'elicit/rateStart': { input: { tconst: string; maxSteps?: number }; output: RateState };
  'elicit/rateAnswer': { input: { sessionId: number; answer: RateAnswer }; output: RateState };
  'elicit/rateUndo': { input: { sessionId: number }; output: RateState };
  'elicit/rateSave': { input: { sessionId: number }; output: RateResult };
}

// Every event the UI hears: the bottom's (jobs, routed files) and each domain's part, merged into
// EventMap where it is declared (events.ts); listed here for the preload.
export type { EventMap };

export type InvokeChannel = keyof InvokeMap;
export type EventChannel = keyof EventMap & string;
export type InputOf<C extends InvokeChannel> = InvokeMap[C]['input'];
export type OutputOf<C extends InvokeChannel> = InvokeMap[C]['output'];

// Runtime name lists; `satisfies` + the exhaustiveness types below keep them equal to the maps.
export const invokeChannels = [
  'app/status',
  'settings/get',
  'settings/update',
  'jobs/list',
  'jobs/cancel',
  'files/drop',
  'model/list',
  'model/train',
  'model/activate',
  'model/backend',
  'model/checkCalibration',
  'model/latestCheck',
  'datasets/list',
  'datasets/ingest',
  'datasets/download',
  'datasets/acceptTerms',
  'profile/overview',
  'profile/ratings',
  'profile/comparisons',
  'profile/importRows',
  'profile/factors',
  'profile/quickstart',
  'profile/rate',
  'profile/undoRate',
  'profile/update',
  'profile/export',
  'recommend/refresh',
  'recommend/details',
  'recommend/explain',
  'recommend/mark',
  'recommend/marks',
  'recommend/genres',
  'recommend/tuning',
  'recommend/updateTuning',
  'search/query',
  'search/title',
  'search/unresolved',
  'search/resolve',
  'posters/status',
  'posters/setKey',
  'posters/clearKey',
  'posters/clearCache',
  'posters/setCacheCap',
  'where/title',
  'where/providers',
  'where/regions',
  'where/settings',
  'where/setRegion',
  'where/setServices',
  'where/filter',
  'setup/state',
  'setup/start',
  'setup/finish',
  'setup/skip',
  'model/gpu',
  'elicit/arenaStart',
  'elicit/arenaState',
  'elicit/arenaAnswer',
  'elicit/arenaUndo',
  'elicit/arenaTop',
  'elicit/findTitles',
  'elicit/rateStart',
  'elicit/rateAnswer',
  'elicit/rateUndo',
  'elicit/rateSave',
] as const satisfies readonly InvokeChannel[];

export const eventChannels = [
  'jobs/changed',
  'datasets/changed',
  'model/changed',
  'profile/changed',
  'recommend/invalidated',
  'files/routed',
  'model/epoch',
] as const satisfies readonly EventChannel[];

type Missing<All, Listed> = Exclude<All, Listed>;
// Compile error here means a channel is in the map but not in the list.
export const allInvokeListed: Missing<InvokeChannel, (typeof invokeChannels)[number]> extends never
  ? true
  : never = true;
export const allEventsListed: Missing<EventChannel, (typeof eventChannels)[number]> extends never
  ? true
  : never = true;

/** What crosses the wire for every invoke: errors are data, rethrown as ApiError in the renderer. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };
export type { ApiErrorShape, ErrorCode };

/** The object the preload exposes as `window.api` (and the e2e harness injects). */
export interface ReeltasteApi {
  invoke<C extends InvokeChannel>(channel: C, input: InputOf<C>): Promise<Envelope<OutputOf<C>>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventMap[E]) => void): () => void;
  /** Absolute path of a dropped File (Electron's webUtils; the e2e harness maps names). */
  pathForFile(file: File): string;
}
