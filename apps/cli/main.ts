import { runCli } from '@lenet-lab/cli';

void runCli();
