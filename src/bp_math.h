/*
 * bp_math.h: the two transcendental functions the hot loop needs, on the only domains it uses.
 *
 *   bp_exp_nonpos(x) = e^x    for x <= 0      (every activation calls exp(-|x|) or exp(-2|x|))
 *   bp_log1p_unit(u) = ln(1+u) for 0 <= u <= 1 (softplus = max(x, 0) + ln(1 + e^-|x|))
 *   bp_tanh(x)                  for every x    (built on bp_exp_nonpos)
 *
 * Why our own: the same C source then runs natively and in WebAssembly with the same results
 * bit for bit, and at comparable speed (libm differs between glibc and Emscripten's musl).
 * Both are accurate to within about one unit in the last place; tests check them against a
 * long-double reference. Constants were computed with 300-bit arithmetic (mpmath).
 */
#ifndef BP_MATH_H
#define BP_MATH_H

#include <stdint.h>
#include <string.h>

/* Inline always where the compiler allows: these sit in the innermost loop. */
#if defined(__GNUC__) || defined(__clang__)
#define BP_MATH_INLINE static inline __attribute__((always_inline))
#else
#define BP_MATH_INLINE static inline
#endif

/* 2^(j/32) for j = 0..31, as hi + lo so the table adds no rounding error of its own. */
static const double bp_exp2_table[32][2] = {
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.059b0d3158574p+0, 0x1.d73e2a475b465p-55},
    {0x1.0b5586cf9890fp+0, 0x1.8a62e4adc610bp-54},
    {0x1.11301d0125b51p+0, -0x1.6c51039449b3ap-54},
    {0x1.172b83c7d517bp+0, -0x1.19041b9d78a76p-55},
    {0x1.1d4873168b9aap+0, 0x1.e016e00a2643cp-54},
    {0x1.2387a6e756238p+0, 0x1.9b07eb6c70573p-54},
    {0x1.29e9df51fdee1p+0, 0x1.612e8afad1255p-55},
    {0x1.306fe0a31b715p+0, 0x1.6f46ad23182e4p-55},
    {0x1.371a7373aa9cbp+0, -0x1.63aeabf42eae2p-54},
    {0x1.3dea64c123422p+0, 0x1.ada0911f09ebcp-55},
    {0x1.44e086061892dp+0, 0x1.89b7a04ef80d0p-59},
    {0x1.4bfdad5362a27p+0, 0x1.d4397afec42e2p-56},
    {0x1.5342b569d4f82p+0, -0x1.07abe1db13cadp-55},
    {0x1.5ab07dd485429p+0, 0x1.6324c054647adp-54},
    {0x1.6247eb03a5585p+0, -0x1.383c17e40b497p-54},
    {0x1.6a09e667f3bcdp+0, -0x1.bdd3413b26456p-54},
    {0x1.71f75e8ec5f74p+0, -0x1.16e4786887a99p-55},
    {0x1.7a11473eb0187p+0, -0x1.41577ee04992fp-55},
    {0x1.82589994cce13p+0, -0x1.d4c1dd41532d8p-54},
    {0x1.8ace5422aa0dbp+0, 0x1.6e9f156864b27p-54},
    {0x1.93737b0cdc5e5p+0, -0x1.75fc781b57ebcp-57},
    {0x1.9c49182a3f090p+0, 0x1.c7c46b071f2bep-56},
    {0x1.a5503b23e255dp+0, -0x1.d2f6edb8d41e1p-54},
    {0x1.ae89f995ad3adp+0, 0x1.7a1cd345dcc81p-54},
    {0x1.b7f76f2fb5e47p+0, -0x1.5584f7e54ac3bp-56},
    {0x1.c199bdd85529cp+0, 0x1.11065895048ddp-55},
    {0x1.cb720dcef9069p+0, 0x1.503cbd1e949dbp-56},
    {0x1.d5818dcfba487p+0, 0x1.2ed02d75b3707p-55},
    {0x1.dfc97337b9b5fp+0, -0x1.1a5cd4f184b5cp-54},
    {0x1.ea4afa2a490dap+0, -0x1.e9c23179c2893p-54},
    {0x1.f50765b6e4540p+0, 0x1.9d3e12dd8a18bp-54},
};

/* 2^m as a double, for -1022 <= m <= 1023, built from its bits. */
BP_MATH_INLINE double bp_pow2i(int m) {
    uint64_t bits = (uint64_t)(m + 1023) << 52;
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* e^x for x <= 0 (NaN passes through). x = (32m + j) ln2/32 + r with |r| <= ln2/64, so
   e^x = 2^m * 2^(j/32) * e^r, and e^r - 1 is a degree-6 Taylor polynomial (error < 4e-18). */
BP_MATH_INLINE double bp_exp_nonpos(double x) {
    if (!(x > -745.2)) return x != x ? x : 0.0; /* below the smallest subnormal, or NaN */
    const double shift = 0x1.8p52;               /* adding it rounds to an integer */
    const double shifted = x * 0x1.71547652b82fep+5 + shift, kd = shifted - shift; /* round(x 32/ln2) */
    uint64_t bits;
    memcpy(&bits, &shifted, sizeof bits);
    const int k = (int)(int32_t)(uint32_t)bits; /* the integer sits in the low bits: no float-to-int */
    /* ln2/32 split so that kd * hi is exact (|kd| < 2^16, hi has 36 bits) */
    const double r = (x - kd * 0x1.62e42fefa0000p-6) - kd * 0x1.cf79abc9e3b3ap-45;
    const int j = k & 31, m = ((k + 65536) >> 5) - 2048; /* floor(k / 32): k + 65536 > 0 here */
    const double p = r + r * r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720)))));
    const double hi = bp_exp2_table[j][0], lo = bp_exp2_table[j][1];
    const double t = hi + (hi * p + lo); /* 2^(j/32) * e^r, in [0.98, 2) */
    if (m >= -1021) return t * bp_pow2i(m);
    return (t * bp_pow2i(m + 64)) * 0x1p-64; /* subnormal result: round once, at the end */
}

/* ln(1 + u) for 0 <= u <= 1. With 1 + u = 2^k (1 + f), k = 0 for u < 1/2, else k = 1 and
   f = (u - 1)/2 (exact), so -1/4 <= f < 1/2 and no rounding happens before the series:
   ln(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)),  s = f / (2 + f),  R(z) = sum 2 z^n / (2n + 1),
   where R(z)/z is fitted by a degree-7 polynomial on [0, 1/25] (relative error 4e-17). */
BP_MATH_INLINE double bp_log1p_unit(double u) {
    const int k = u >= 0.5;
    const double f = k ? (u - 1.0) * 0.5 : u;
    const double s = f / (2.0 + f), z = s * s, w = z * z;
    /* R(z) = z Q(z), Q split in even and odd powers to shorten the dependency chain */
    const double qe = 0x1.5555555555555p-1 + w * (0x1.24924923de6edp-2 + w * (0x1.745cac43cc003p-3 + w * 0x1.0e8c55b42945fp-3));
    const double qo = 0x1.9999999999f17p-2 + w * (0x1.c71c72df580fcp-3 + w * (0x1.3b29d0452d426p-3 + w * 0x1.169c38cc826bep-3));
    const double hfsq = 0.5 * f * f;
    const double tail = s * (hfsq + z * (qe + z * qo)) - hfsq; /* ln(1 + f) - f */
    if (!k) return f + tail;
    /* ln2 + f + tail, with the rounding error of ln2_hi + f recovered (Fast2Sum, |ln2| > |f|) */
    const double ln2_hi = 0x1.62e42fefa39efp-1, ln2_lo = 0x1.abc9e3b39803fp-56;
    const double t = ln2_hi + f, err = (ln2_hi - t) + f;
    return t + (tail + (err + ln2_lo));
}

/* tanh(x) = sign(x) (1 - 2e / (1 + e)) with e = e^-2|x|, exact enough once that no longer cancels
   (|x| >= 0.55); below that x + x^3 T(x^2), T fitted by a degree-10 polynomial (error 3e-18).
   bp_tanh_with takes e from a caller that has it already (e is not read when |x| < 0.55). */
BP_MATH_INLINE double bp_tanh_with(double x, double e) {
    const double a = x < 0 ? -x : x;
    if (a < 0x1p-27) return x; /* tanh x = x (1 - x^2/3 ...) rounds to x; keeps the sign of zero */
    if (a < 0.55) {
        const double z = x * x;
        const double T = -0x1.5555555555555p-2 + z * (0x1.1111111111032p-3 + z * (-0x1.ba1ba1b9fec84p-5 +
                         z * (0x1.664f487713373p-6 + z * (-0x1.226e32f00cf0cp-7 + z * (0x1.d6d339333f329p-9 +
                         z * (-0x1.7d97cfd138c28p-10 + z * (0x1.34c5a8a996cd4p-11 + z * (-0x1.ec1091436eb2ap-13 +
                         z * (0x1.64fd88e9900a5p-14 + z * -0x1.59a834187ce22p-16)))))))));
        return x + x * z * T;
    }
    const double t = 1.0 - 2.0 * e / (1.0 + e); /* (1 - e) / (1 + e) */
    return x < 0 ? -t : t;
}

BP_MATH_INLINE double bp_tanh(double x) {
    const double a = x < 0 ? -x : x;
    return bp_tanh_with(x, a < 0.55 ? 0.0 : bp_exp_nonpos(-2.0 * a));
}

#endif
