//! Synthetic survey values shared by the examples: a small deterministic generator and
//! plausible, internally consistent values of the 69 items. `make_fixtures` writes the bundled
//! fixtures with them, `bench` its N submissions. Included with `#[path]`; not an example.

/// A small deterministic generator, so every run writes the same files.
pub struct Rng(pub u64);
impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03);
        r.next();
        r
    }
    pub fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as f64) / ((1u64 << 31) as f64)
    }
    pub fn int(&mut self, lo: i64, hi: i64) -> f64 {
        (lo + (self.next() * ((hi - lo + 1) as f64)) as i64).min(hi) as f64
    }
    pub fn dec(&mut self, lo: f64, hi: f64, places: i32) -> f64 {
        let p = 10f64.powi(places);
        ((lo + self.next() * (hi - lo)) * p).round() / p
    }
}

/// Plausible, internally consistent values of the 69 items (index = item number) for a unit of
/// size `scale` in a year whose volumes are `growth` times the unit's usual.
pub fn numbers(r: &mut Rng, scale: f64, growth: f64) -> Vec<f64> {
    let g = |x: f64| (x * scale * growth).round();
    let s = |x: f64| (x * scale).round().max(1.0);
    let mut v = vec![0.0; 70];
    v[1] = g(r.int(500, 1500));
    v[2] = s(r.int(30, 60));
    v[3] = v[2] + r.int(0, 10);
    v[4] = r.int(0, 6);
    v[5] = r.int(0, 4);
    v[6] = s(r.int(8, 20));
    v[7] = s(r.int(15, 40));
    v[8] = r.int(2, 6);
    let total = v[6] + v[7] + v[8];
    v[9] = 0.0;
    v[10] = r.int(0, 1);
    v[11] = r.int(2, 6);
    v[13] = r.int(3, 8);
    v[12] = total - v[10] - v[11] - v[13];
    v[14] = r.int(3, 6);
    v[15] = r.int(5, 10);
    v[16] = (total - v[14] - v[15] - r.int(0, 3)).max(0.0);
    v[17] = r.int(2, (total / 3.0) as i64);
    v[18] = r.int(2, (total / 3.0) as i64);
    v[19] = r.int(1, (total / 4.0) as i64);
    v[20] = total - v[17] - v[18] - v[19];
    v[21] = g(r.int(8000, 30000));
    v[22] = g(r.int(900, 2500));
    v[23] = g(r.int(20, 150));
    v[24] = g(r.int(0, 120));
    v[25] = r.dec(5.0, 30.0, 1);
    v[26] = r.int(1, 4);
    v[27] = r.dec(0.8, 1.4, 2);
    v[28] = r.int(80, 200);
    v[29] = g(r.int(200, 800)).min(v[22]);
    v[30] = (v[29] * r.dec(0.15, 0.35, 2)).round();
    v[31] = (v[29] * r.dec(0.2, 0.5, 2)).round();
    v[32] = r.dec(0.5, 5.0, 1);
    v[33] = r.dec(0.1, 1.5, 1);
    v[34] = r.dec(0.1, 2.0, 2);
    v[35] = r.dec(1.0, 8.0, 1);
    v[36] = r.int(2, 5);
    v[37] = r.int(20, 60);
    v[38] = r.int(3, 8);
    v[39] = r.dec(0.5, 3.0, 1);
    v[40] = r.dec(0.0, 0.2, 2);
    v[41] = r.dec(0.0, 1.0, 2);
    v[42] = r.dec(0.5, 3.0, 1);
    v[43] = r.dec(35.0, 80.0, 1);
    v[44] = r.dec(25.0, 55.0, 1);
    v[45] = r.dec(8.0, 25.0, 1);
    v[46] = r.dec(35.0, 70.0, 1);
    v[47] = r.int(1, 4);
    v[48] = r.int(0, 3);
    v[49] = r.int(0, 1);
    v[50] = r.int(0, 2);
    v[51] = r.dec(60.0, 100.0, 1);
    v[52] = r.dec(1.0, 10.0, 1);
    v[53] = g(r.int(20, 200));
    v[54] = r.int(1, 10);
    v[55] = r.int(0, 3);
    v[56] = r.int(0, 3);
    v[57] = r.dec(5.0, 50.0, 1);
    v[58] = r.dec(0.0, 10.0, 1);
    v[59] = r.int(0, 2);
    v[60] = r.int(1, 6);
    v[61] = r.dec(0.5, 3.0, 1);
    v[62] = r.dec(0.5, 3.0, 1);
    v[63] = r.int(0, 60); // 0 = not ranked
    v[64] = r.int(0, 1);
    v[65] = r.int(0, 2);
    v[66] = r.dec(85.0, 99.0, 1);
    v[67] = r.dec(85.0, 99.0, 1);
    v[68] = r.dec(80.0, 98.0, 1);
    v[69] = r.int(0, 3);
    v
}
