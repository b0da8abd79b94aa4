import { sigmoid1, sigmoidv, tanh1, tanhv } from './activations';

// LSTM cells, gates in tfjs-layers order i, f, c (candidate g), o; each gate h wide.

/**
 * Activates one time step in place and advances the cell. z[rows, 4h] holds the pre-activations
 * (input and recurrent products plus bias) and is overwritten with σ(i), σ(f), tanh(g), σ(o).
 * cPrev[rows, h] (ignored when hasPrev is 0: a zero state), then c = f·cPrev + i·g,
 * tc = tanh(c) and hOut = o·tc. hOut may have its own row stride (floats).
 */
export function lstmCellForward(z: usize, cPrev: usize, c: usize, tc: usize, hOut: usize, rows: i32, h: i32, hasPrev: i32, ldh: i32): void {
  const gateBytes = <usize>h << 2;
  const rowBytes = gateBytes << 2;
  const hStride = <usize>ldh << 2;
  for (let r = 0; r < rows; r++) {
    const zi = z + <usize>r * rowBytes;
    const zf = zi + gateBytes;
    const zg = zf + gateBytes;
    const zo = zg + gateBytes;
    const cp = cPrev + <usize>r * gateBytes;
    const cr = c + <usize>r * gateBytes;
    const tr = tc + <usize>r * gateBytes;
    const hr = hOut + <usize>r * hStride;
    let j = 0;
    for (; j + 4 <= h; j += 4) {
      const o = <usize>j << 2;
      const i4 = sigmoidv(v128.load(zi + o));
      const f4 = sigmoidv(v128.load(zf + o));
      const g4 = tanhv(v128.load(zg + o));
      const o4 = sigmoidv(v128.load(zo + o));
      v128.store(zi + o, i4);
      v128.store(zf + o, f4);
      v128.store(zg + o, g4);
      v128.store(zo + o, o4);
      let c4 = f32x4.mul(i4, g4);
      if (hasPrev) c4 = f32x4.add(c4, f32x4.mul(f4, v128.load(cp + o)));
      const t4 = tanhv(c4);
      v128.store(cr + o, c4);
      v128.store(tr + o, t4);
      v128.store(hr + o, f32x4.mul(o4, t4));
    }
    for (; j < h; j++) {
      const o = <usize>j << 2;
      const i1 = sigmoid1(load<f32>(zi + o));
      const f1 = sigmoid1(load<f32>(zf + o));
      const g1 = tanh1(load<f32>(zg + o));
      const o1 = sigmoid1(load<f32>(zo + o));
      store<f32>(zi + o, i1);
      store<f32>(zf + o, f1);
      store<f32>(zg + o, g1);
      store<f32>(zo + o, o1);
      let c1 = i1 * g1;
      if (hasPrev) c1 += f1 * load<f32>(cp + o);
      const t1 = tanh1(c1);
      store<f32>(cr + o, c1);
      store<f32>(tr + o, t1);
      store<f32>(hr + o, o1 * t1);
    }
  }
}

/**
 * Back-propagates one time step. gates[rows, 4h] are the activated gates of lstmCellForward,
 * tc = tanh(c), cPrev the previous cell (ignored when hasPrev is 0). dh[rows, h] is the total
 * gradient at this step's output; dc[rows, h] carries the cell gradient from the step after
 * (in) and to the step before (out). Writes dz[rows, 4h], the gradient of the pre-activations.
 */
export function lstmCellBackward(gates: usize, tc: usize, cPrev: usize, dh: usize, dc: usize, dz: usize, rows: i32, h: i32, hasPrev: i32): void {
  const gateBytes = <usize>h << 2;
  const rowBytes = gateBytes << 2;
  const one = f32x4.splat(1);
  for (let r = 0; r < rows; r++) {
    const gi = gates + <usize>r * rowBytes;
    const gf = gi + gateBytes;
    const gg = gf + gateBytes;
    const go = gg + gateBytes;
    const di = dz + <usize>r * rowBytes;
    const df = di + gateBytes;
    const dg = df + gateBytes;
    const dout = dg + gateBytes;
    const tr = tc + <usize>r * gateBytes;
    const cp = cPrev + <usize>r * gateBytes;
    const dhr = dh + <usize>r * gateBytes;
    const dcr = dc + <usize>r * gateBytes;
    let j = 0;
    for (; j + 4 <= h; j += 4) {
      const o = <usize>j << 2;
      const i4 = v128.load(gi + o);
      const f4 = v128.load(gf + o);
      const g4 = v128.load(gg + o);
      const o4 = v128.load(go + o);
      const t4 = v128.load(tr + o);
      const dh4 = v128.load(dhr + o);
      const dcell = f32x4.add(v128.load(dcr + o), f32x4.mul(f32x4.mul(dh4, o4), f32x4.sub(one, f32x4.mul(t4, t4))));
      v128.store(di + o, f32x4.mul(f32x4.mul(dcell, g4), f32x4.mul(i4, f32x4.sub(one, i4))));
      const cp4 = hasPrev ? v128.load(cp + o) : f32x4.splat(0);
      v128.store(df + o, f32x4.mul(f32x4.mul(dcell, cp4), f32x4.mul(f4, f32x4.sub(one, f4))));
      v128.store(dg + o, f32x4.mul(f32x4.mul(dcell, i4), f32x4.sub(one, f32x4.mul(g4, g4))));
      v128.store(dout + o, f32x4.mul(f32x4.mul(dh4, t4), f32x4.mul(o4, f32x4.sub(one, o4))));
      v128.store(dcr + o, f32x4.mul(dcell, f4));
    }
    for (; j < h; j++) {
      const o = <usize>j << 2;
      const i1 = load<f32>(gi + o);
      const f1 = load<f32>(gf + o);
      const g1 = load<f32>(gg + o);
      const o1 = load<f32>(go + o);
      const t1 = load<f32>(tr + o);
      const dh1 = load<f32>(dhr + o);
      const dcell = load<f32>(dcr + o) + dh1 * o1 * (1 - t1 * t1);
      store<f32>(di + o, dcell * g1 * (i1 * (1 - i1)));
      const cp1: f32 = hasPrev ? load<f32>(cp + o) : 0;
      store<f32>(df + o, dcell * cp1 * (f1 * (1 - f1)));
      store<f32>(dg + o, dcell * i1 * (1 - g1 * g1));
      store<f32>(dout + o, dh1 * t1 * (o1 * (1 - o1)));
      store<f32>(dcr + o, dcell * f1);
    }
  }
}
