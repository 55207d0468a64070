import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DockerfileError, expandSetVars, expandVars, keyValuePairs, parseDockerfile, referencedVars } from '../src/sim/dockerfile.ts';

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
  assert.throws(() => parseDockerfile('FROM a\nARG\nENV'), { message: 'dockerfile parse error on line 2: ARG requires at least one argument' });
});

test('variables and key=value pairs', () => {
  const vars = new Map([['A', '1'], ['EMPTY', '']]);
  assert.equal(expandVars('x${A}y$A ${B:-def} ${A:+alt} ${EMPTY:-e} \\$A', vars), 'x1y1 def alt e $A');
  assert.deepEqual(keyValuePairs('A=1 B="two words" C=\'x\''), [['A', '1'], ['B', 'two words'], ['C', 'x']]);
  assert.deepEqual(keyValuePairs('LEGACY some value'), [['LEGACY', 'some value']]);
});

test('heredocs: RUN <<EOT and COPY <<EOF /path, with <<- tab stripping and quoted delimiters', () => {
  const df = parseDockerfile([
    'FROM alpine',
    'RUN <<EOT',
    'echo one',
    'echo two',
    'EOT',
    "COPY <<'EOF' /greeting.txt",
    'hello $NAME',
    'EOF',
    'RUN <<-EOT',
    '\techo tabbed',
    '\tEOT',
    'CMD ["cat", "/greeting.txt"]',
  ].join('\n'));
  const [run1, copy, run2, cmd] = df.stages[0]?.instructions ?? [];
  assert.deepEqual(run1?.heredocs, [{ name: 'EOT', content: 'echo one\necho two\n', expand: true }]);
  assert.equal(run1?.original, 'RUN <<EOT');
  assert.deepEqual([run1?.line, run1?.endLine], [2, 5]);
  assert.deepEqual(copy?.heredocs, [{ name: 'EOF', content: 'hello $NAME\n', expand: false }]);
  assert.equal(run2?.heredocs[0]?.content, 'echo tabbed\n');
  assert.deepEqual(cmd?.json, ['cat', '/greeting.txt']);
  assert.equal(cmd?.line, 12);
});

test('step names show the variables already set, as BuildKit names steps; single quotes stay literal', () => {
  const vars = new Map([['NPM', '10.9.4'], ['EMPTY', '']]);
  assert.equal(expandSetVars('RUN npm i -g npm@${NPM} "$NPM" \'$NPM\' $UNSET x$EMPTY', vars), 'RUN npm i -g npm@10.9.4 "10.9.4" \'$NPM\' $UNSET x');
  assert.deepEqual(referencedVars('A=$HOME B=${X:-d} \\$NOT $HOME'), ['HOME', 'X']);
});
