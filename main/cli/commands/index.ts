// Every CLI command, in the order --help lists them. Later issues add theirs here.
import type { Command } from '../command.ts';
import { status } from './status.ts';
import { ingest } from './ingest.ts';
import { download } from './download.ts';
import { train } from './train.ts';
import { checkCalibrationCommand } from './check-calibration.ts';
import { importRatings } from './import-ratings.ts';
import { update } from './update.ts';
import { exportCommand } from './export.ts';
import { recommend } from './recommend.ts';
import { predict } from './predict.ts';
import { notInterested, seen, watchlist } from './marks.ts';
import { search } from './search.ts';
import { setup } from './setup.ts';
import { calibrate } from './calibrate.ts';
import { rate } from './rate.ts';
import { watchProviders, where } from './where.ts';

export const commands: Command<never>[] = [
  status as Command<never>,
  ingest as Command<never>,
  download as Command<never>,
  train as Command<never>,
  checkCalibrationCommand as Command<never>,
  importRatings as Command<never>,
  update as Command<never>,
  exportCommand as Command<never>,
  recommend as Command<never>,
  predict as Command<never>,
  seen as Command<never>,
  watchlist as Command<never>,
  notInterested as Command<never>,
  search as Command<never>,
  setup as Command<never>,
  calibrate as Command<never>,
  rate as Command<never>,
  where as Command<never>,
  watchProviders as Command<never>,
];
