import { checkCalibration } from './main/model/calibration.ts';
import { ml100k, mlLatestSmall } from './test/support/ratings-matrix.ts';
const settings = JSON.parse(process.env.SETTINGS ?? '[{}]');
const small = mlLatestSmall(), k100 = ml100k();
for (const t of settings) {
  const a = await checkCalibration(small, { holdout: 0.1, folds: 1, seed: 42, train: { threads: 1, ...t } });
  const b = await checkCalibration(k100, { holdout: 0.1, folds: 5, seed: 1, train: { threads: 1, ...t } });
  console.log(JSON.stringify(t), 'small', a.rmse.toFixed(4), a.coverage80.toFixed(3), a.coverage95.toFixed(3), '100k', b.rmse.toFixed(4), b.coverage80.toFixed(3), b.coverage95.toFixed(3));
}
