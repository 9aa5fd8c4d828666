// Each feature domain plugs into the services here: registers file routes for drops, status parts,
// and anything it must do at boot. Keeps services/index.ts from growing with every feature.
import type { Services } from './index.ts';
import { installDatasets } from '../datasets/install.ts';
import { installModel } from '../model/service.ts';
import { installProfile } from '../profile/service.ts';

export type DomainInstaller = (services: Services) => void;

export const domainInstallers: DomainInstaller[] = [installDatasets, installModel, installProfile];
