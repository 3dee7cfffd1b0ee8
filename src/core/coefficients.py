#!/usr/bin/env python3
"""coefficients.py - the polynomial coefficients of internal.h's exp and tanh.

Each polynomial interpolates its function at the Chebyshev nodes of its
interval (n nodes, degree n - 1), computed with 60 digits and rounded to
the precision it runs in.  Prints them highest degree first, in the
order of the Horner steps in internal.h.  Needs mpmath (Debian's
python3-mpmath):

    python3 src/core/coefficients.py
"""
import struct

import mpmath as mp

mp.mp.dps = 60


def interpolant(f, a, b, n):
    """Monomial coefficients (lowest degree first) of the polynomial of
    degree n - 1 that equals f at the n Chebyshev nodes of [a, b]."""
    nodes = [(a + b) / 2 + (b - a) / 2 * mp.cos(mp.pi * (k + mp.mpf(1) / 2) / n)
             for k in range(n)]
    A = mp.matrix([[z ** j for j in range(n)] for z in nodes])
    return list(mp.lu_solve(A, mp.matrix([f(z) for z in nodes])))


def exp_part(r):
    """(e^r - 1 - r) / r^2: exp(r) = 1 + r + r^2 P(r)"""
    if abs(r) < mp.mpf(10) ** -20:      # a node at 0 (n odd): the series
        return mp.mpf(1) / 2 + r / 6 + r ** 2 / 24
    return (mp.exp(r) - 1 - r) / r ** 2


def tanh_part(z):
    """(tanh(x)/x - 1) / x^2 at z = x^2: tanh(x) = x + x^3 P(x^2)"""
    if z < mp.mpf(10) ** -20:
        return -mp.mpf(1) / 3 + 2 * z / 15
    x = mp.sqrt(z)
    return (mp.tanh(x) / x - 1) / z


half_ln2 = mp.log(2) / 2
def to_float(c):
    """c rounded to the nearest float (single precision)"""
    return struct.unpack("f", struct.pack("f", float(c)))[0]


for name, f, a, b, n, single in [
        ("rnn_exp512_s: P(r), r in [-ln2/2, ln2/2]", exp_part, -half_ln2, half_ln2, 5, True),
        ("rnn_exp512_d: P(r), r in [-ln2/2, ln2/2]", exp_part, -half_ln2, half_ln2, 10, False),
        ("rnn_tanh512_d: P(z), z = x^2 in [0, 0.625^2]", tanh_part, 0, mp.mpf(0.625) ** 2, 12, False)]:
    print(name)
    for c in reversed(interpolant(f, mp.mpf(a), mp.mpf(b), n)):
        print("    " + ("%.10g" % to_float(c) if single else "%.17g" % float(c)))
