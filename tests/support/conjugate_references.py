# Reference values of convex conjugates for tests/conjugate.rs (symbolic_conjugates_match_mpmath).
# Run: python3 tests/support/conjugate_references.py   (needs mpmath)
# f*(t) = sup_{u>0} t*u - f(u), by solving f'(u) = t with mpmath (50 digits)
import mpmath as m
m.mp.dps = 50
L = m.log
gens = {
 'hellinger': (lambda u: (m.sqrt(u)-1)**2, lambda u: 1 - 1/m.sqrt(u)),
 'neyman': (lambda u: (1-u)**2/u, lambda u: 1 - 1/u**2),
 'js': (lambda u: (u*L(u) - (u+1)*L((u+1)/2))/2, lambda u: L(2*u/(u+1))/2),
 'js-fgan': (lambda u: u*L(u) - (u+1)*L((u+1)/2), lambda u: L(2*u/(u+1))),
 'gan': (lambda u: u*L(u) - (u+1)*L(u+1) + 2*L(2), lambda u: L(u/(u+1))),
 'jeffreys': (lambda u: (u-1)*L(u), lambda u: L(u) + 1 - 1/u),
 'js-weighted-quarter': (lambda u: u*L(u)/4 - (m.mpf(3)/4 + u/4)*L(m.mpf(3)/4+u/4), lambda u: L(4*u/(3+u))/4),
 'triangular': (lambda u: (u-1)**2/(u+1), lambda u: 1 - 4/(u+1)**2),
 'le-cam': (lambda u: (1-u)**2/(2*(u+1)), lambda u: m.mpf(1)/2 - 2/(u+1)**2),
 'modified-gan': (lambda u: L(1+u) - L(u) - L(2), lambda u: 1/(1+u) - 1/u),
}
ts = {'hellinger': ['-3', '0.5', '0.999'], 'neyman': ['-3', '0.5', '0.999'], 'js': ['-3', '0.3'], 'js-fgan': ['-3','0.69'],
      'gan': ['-3', '-0.001'], 'jeffreys': ['-5', '0', '5'], 'js-weighted-quarter': ['-3', '0.3'],
      'triangular': ['-1', '0.5', '0.999'], 'le-cam': ['-1', '0.25'], 'modified-gan': ['-2', '-0.01']}
for name, (f, df) in gens.items():
    for ts_ in ts[name]:
        t = m.mpf(ts_)
        # bracket by bisection in log u
        lo, hi = m.mpf('1e-40'), m.mpf('1e40')
        for _ in range(400):
            mid = m.sqrt(lo*hi)
            if df(mid) < t: lo = mid
            else: hi = mid
        u = m.findroot(lambda x: df(x) - t, m.sqrt(lo*hi))
        print(name, ts_, repr(float(t*u - f(u))))  # the nearest f64
