/** The commands that reach the cluster, added to the laptop's shell. */
import type { ExtraCommands } from './session.ts';
import { etcdctl, kubectl, ssh } from './kubectl/index.ts';

export const CLUSTER_COMMANDS: ExtraCommands = { kubectl, etcdctl, ssh };
