import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DockerfileError, expandVars, keyValuePairs, parseDockerfile } from '../src/sim/dockerfile.ts';

test('continuations, comments, exec form and stages', () => {
  const df = parseDockerfile([
    '# syntax=docker/dockerfile:1',
    'ARG NODE=20',
    'FROM node:${NODE}-alpine AS build',
    'WORKDIR /src',
    'RUN npm ci \\',
    '  # a comment inside a continuation',
    '  && npm run build',
    'FROM nginx:1.27',
    'COPY --from=build /src/dist /usr/share/nginx/html',
    'CMD ["nginx", "-g", "daemon off;"]',
  ].join('\n'));
  assert.equal(df.globalArgs.length, 1);
  assert.equal(df.stages.length, 2);
  assert.equal(df.stages[0]?.name, 'build');
  const run = df.stages[0]?.instructions[1];
  assert.equal(run?.rest, 'npm ci   && npm run build');
  assert.equal(run?.line, 5);
  assert.equal(run?.endLine, 7);
  assert.deepEqual(df.stages[1]?.instructions[1]?.json, ['nginx', '-g', 'daemon off;']);
  assert.equal(df.stages[1]?.instructions[0]?.flags.from, 'build');
});

test('BuildKit\'s parse errors, with did-you-mean in the typed case', () => {
  assert.throws(() => parseDockerfile('FROM a\nCOPPY x .'), { message: 'dockerfile parse error on line 2: unknown instruction: COPPY (did you mean COPY?)' });
  assert.throws(() => parseDockerfile('FROM a\nrunn x'), { message: 'dockerfile parse error on line 2: unknown instruction: runn (did you mean run?)' });
  assert.throws(() => parseDockerfile('FROM a\nFROBNICATE x'), { message: 'dockerfile parse error on line 2: unknown instruction: FROBNICATE' });
  assert.throws(() => parseDockerfile('RUN x\nFROM a'), { message: 'no build stage in current context' });
  assert.throws(() => parseDockerfile(''), { message: 'the Dockerfile cannot be empty' });
  assert.throws(() => parseDockerfile('ARG X=1'), { message: 'dockerfile contains no stages to build' });
  assert.throws(() => parseDockerfile('FROM a b'), DockerfileError);
});

test('variables and key=value pairs', () => {
  const vars = new Map([['A', '1'], ['EMPTY', '']]);
  assert.equal(expandVars('x${A}y$A ${B:-def} ${A:+alt} ${EMPTY:-e} \\$A', vars), 'x1y1 def alt e $A');
  assert.deepEqual(keyValuePairs('A=1 B="two words" C=\'x\''), [['A', '1'], ['B', 'two words'], ['C', 'x']]);
  assert.deepEqual(keyValuePairs('LEGACY some value'), [['LEGACY', 'some value']]);
});
