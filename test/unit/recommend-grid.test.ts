// The poster grid's geometry and keyboard moves (renderer/src/views/recommend/grid.ts).
import { describe, expect, it } from 'vitest';
import { layout, move, visibleRange } from '../../renderer/src/views/recommend/grid.ts';

describe('poster grid', () => {
  it('fits as many columns as the width allows, never fewer than one', () => {
    expect(layout(1000, 120).cols).toBe(5);
    expect(layout(100, 10).cols).toBe(1);
    const l = layout(1000, 120);
    expect(l.rows).toBe(24);
    expect(l.height).toBe(24 * l.rowHeight);
  });

  it('renders only the rows on screen, with one row either side', () => {
    const l = layout(1000, 500);
    const [from, to] = visibleRange(l, l.rowHeight * 10, l.rowHeight * 2, 500);
    expect(from).toBe(9 * l.cols);
    expect(to).toBe(13 * l.cols);
    expect(visibleRange(l, 0, l.rowHeight * 2, 500)[0]).toBe(0);
    expect(visibleRange(l, l.height, l.rowHeight, 500)[1]).toBe(500);
  });

  it('moves the focus with arrows, pages, Home and End, staying inside the list', () => {
    expect(move('ArrowRight', 3, 5, 12)).toBe(4);
    expect(move('ArrowRight', 11, 5, 12)).toBe(11);
    expect(move('ArrowLeft', 0, 5, 12)).toBe(0);
    expect(move('ArrowDown', 3, 5, 12)).toBe(8);
    expect(move('ArrowDown', 8, 5, 12)).toBe(8); // no card below
    expect(move('ArrowUp', 8, 5, 12)).toBe(3);
    expect(move('PageDown', 0, 5, 100)).toBe(15);
    expect(move('Home', 7, 5, 12)).toBe(0);
    expect(move('End', 0, 5, 12)).toBe(11);
    expect(move('s', 0, 5, 12)).toBeNull();
  });
});
