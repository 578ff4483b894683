"""Independent Python reference of src-main/engine/inference/prng.ts (spec in its doc comment).

Run: python3 test/engine/inference/prng_reference.py  (prints the vectors used in prng.test.ts)
"""
import math, struct
M64 = (1 << 64) - 1
def fnv(b):
    h = 0xcbf29ce484222325
    for x in b:
        h = ((h ^ x) * 0x100000001b3) & M64
    return h
def sm(s):
    s = (s + 0x9e3779b97f4a7c15) & M64
    z = s
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M64
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M64
    return s, z ^ (z >> 31)
def seed_from_key(parts):
    text = "\0".join(["ecgnq-noise/v1"] + [str(p) for p in parts])
    return sm(fnv(text.encode()))[1]
class X:
    def __init__(self, seed):
        s, a = sm(seed); s, b = sm(s)
        self.s = [a >> 32, a & 0xffffffff, b >> 32, b & 0xffffffff]
    def next(self):
        s = self.s; M = 0xffffffff
        rotl = lambda x, k: ((x << k) | (x >> (32 - k))) & M
        r = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 9) & M
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 11)
        return r
    def f64(self):
        a = self.next() >> 5; b = self.next() >> 6
        return (a * 67108864 + b) / 9007199254740992
def gauss(seed, n):
    g = X(seed); out = []
    while len(out) < n:
        u1 = g.f64(); u2 = g.f64(); r = math.sqrt(-2 * math.log(1 - u1)); ang = 2 * math.pi * u2
        out += [r * math.cos(ang), r * math.sin(ang)]
    return [struct.unpack('f', struct.pack('f', v))[0] for v in out[:n]]
print("fnv a", hex(fnv(b"a")), "foobar", hex(fnv(b"foobar")))
print("sm0", [hex(v) for v in [sm(0)[1], sm(sm(0)[0])[1]]])
x = X(42); print("xoshiro seed42", [x.next() for _ in range(5)])
k = seed_from_key([7, "HR06000", 3, 1]); print("key", k)
print("gauss", gauss(k, 5))
