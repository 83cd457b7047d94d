import { commentMarker, previewNames } from '../../src/github/pr-comment.js';

test('the root action\'s absolute output is named by its file name and keyed relative to the workspace', () => {
  const a = previewNames({ output: '/home/runner/work/demo/demo/film.mp4', composition: 'compositions/film.html', workspace: '/home/runner/work/demo/demo', frames: false });
  expect(a).toEqual({ video: 'film.mp4', composition: 'compositions/film.html', key: 'film.mp4' });
  // Another runner, another workspace: the same names and marker.
  const b = previewNames({ output: '/__w/demo/demo/film.mp4', composition: '/__w/demo/demo/compositions/film.html', workspace: '/__w/demo/demo/', frames: false });
  expect(b).toEqual(a);
  expect(commentMarker(b.key)).toBe('<!-- helios-render-action:film.mp4 -->');
});

test('outputs in folders, PNG frames, outside the workspace and URL compositions', () => {
  const ws = '/ws';
  expect(previewNames({ output: 'out/film.webm', composition: './page', workspace: ws, frames: false })).toEqual({ video: 'film.webm', composition: 'page', key: 'out/film.webm' });
  expect(previewNames({ output: '/ws/frames/%05d.png', composition: 'page', workspace: ws, frames: true })).toEqual({ video: 'frames/%05d.png', composition: 'page', key: 'frames/%05d.png' });
  expect(previewNames({ output: '/tmp/x/film.mp4', composition: 'https://example.com/a.html', workspace: ws, frames: false }))
    .toEqual({ video: 'film.mp4', composition: 'https://example.com/a.html', key: 'film.mp4' });
  expect(previewNames({ output: '/ws2/film.mp4', composition: '/elsewhere/page.html', workspace: ws, frames: false }).composition).toBe('/elsewhere/page.html');
});
