//! A k-d tree over points in ℝ^d for k-nearest-neighbour distances (Euclidean).
//!
//! Built by median splits on the widest coordinate, leaves of up to [`LEAF`] points, stored
//! flat with each node's bounding box (a subtree is skipped when its box is farther than the
//! current k-th distance); built and searched with explicit stacks. Build O(n log n); a query visits O(log n)
//! leaves for well-spread data in low dimension.

use std::cmp::Ordering;

/// Points per leaf.
pub const LEAF: usize = 16;

#[derive(Debug, Clone, Copy)]
enum Node {
    /// Points `start..end` of the permuted arrays.
    Leaf { start: usize, end: usize },
    /// Points with coordinate `dim` ≤ `value` are under `left`, the others under `right`.
    Split { dim: usize, value: f64, left: usize, right: usize },
}

/// A k-d tree over `n` points of dimension `d`.
///
/// # Examples
///
/// ```
/// use fdiv::fit::kdtree::KdTree;
/// let points = [0.0, 0.0, 1.0, 0.0, 0.0, 3.0]; // (0,0), (1,0), (0,3)
/// let tree = KdTree::new(&points, 2);
/// // the 2nd nearest neighbour of (0,0) among the others is (0,3), at distance 3
/// assert_eq!(tree.kth_distance(&[0.0, 0.0], 2, Some(0)), Some(3.0));
/// ```
#[derive(Debug, Clone)]
pub struct KdTree {
    d: usize,
    /// Coordinates of the permuted points, `d` per point.
    coords: Vec<f64>,
    /// Original index of each permuted point.
    index: Vec<usize>,
    nodes: Vec<Node>,
    /// Per node, the bounding box of its points: `d` lower then `d` upper corners.
    boxes: Vec<f64>,
}

impl KdTree {
    /// A tree over `points`, `d` coordinates per point (`points.len()` must be a multiple of `d`,
    /// `d ≥ 1`; callers check this).
    pub fn new(points: &[f64], d: usize) -> KdTree {
        let d = d.max(1);
        let n = points.len() / d;
        let mut order: Vec<usize> = (0..n).collect();
        let mut nodes = Vec::new();
        // (node slot, start, end): slots are reserved before their children are built
        nodes.push(Node::Leaf { start: 0, end: n });
        let mut stack = vec![(0usize, 0usize, n)];
        while let Some((slot, start, end)) = stack.pop() {
            if end - start <= LEAF {
                nodes[slot] = Node::Leaf { start, end };
                continue;
            }
            // the widest coordinate
            let mut dim = 0;
            let mut widest = -1.0;
            for c in 0..d {
                let (lo, hi) = order[start..end].iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &i| {
                    let v = points[i * d + c];
                    (lo.min(v), hi.max(v))
                });
                if hi - lo > widest {
                    widest = hi - lo;
                    dim = c;
                }
            }
            if widest <= 0.0 {
                // all points equal: one leaf, however large
                nodes[slot] = Node::Leaf { start, end };
                continue;
            }
            let mid = start + (end - start) / 2;
            let key = |i: &usize| points[i * d + dim];
            order[start..end]
                .select_nth_unstable_by(mid - start, |a, b| key(a).partial_cmp(&key(b)).unwrap_or(Ordering::Equal));
            let value = key(&order[mid]);
            let left = nodes.len();
            nodes.push(Node::Leaf { start, end: mid });
            let right = nodes.len();
            nodes.push(Node::Leaf { start: mid, end });
            nodes[slot] = Node::Split { dim, value, left, right };
            stack.push((left, start, mid));
            stack.push((right, mid, end));
        }
        let mut coords = Vec::with_capacity(n * d);
        for &i in &order {
            coords.extend_from_slice(&points[i * d..(i + 1) * d]);
        }
        let mut boxes = vec![0.0; nodes.len() * 2 * d];
        let mut stack = vec![(0usize, 0usize, n)];
        while let Some((node, start, end)) = stack.pop() {
            let b = &mut boxes[node * 2 * d..(node + 1) * 2 * d];
            let (lo, hi) = b.split_at_mut(d);
            lo.fill(f64::INFINITY);
            hi.fill(f64::NEG_INFINITY);
            for p in start..end {
                for c in 0..d {
                    let v = coords[p * d + c];
                    lo[c] = lo[c].min(v);
                    hi[c] = hi[c].max(v);
                }
            }
            if let Node::Split { left, right, .. } = nodes[node] {
                let mid = start + (end - start) / 2;
                stack.push((left, start, mid));
                stack.push((right, mid, end));
            }
        }
        KdTree { d, coords, index: order, nodes, boxes }
    }

    /// The points in the tree's storage order (neighbouring points together), each with its
    /// original index: querying in this order keeps the searched nodes in cache.
    pub fn points(&self) -> impl Iterator<Item = (usize, &[f64])> + '_ {
        self.index.iter().copied().zip(self.coords.chunks_exact(self.d))
    }

    /// The number of points.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the tree has no points.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The Euclidean distance from `query` to its `k`-th nearest point (k ≥ 1), not counting the
    /// point whose original index is `exclude`; `None` when fewer than `k` points remain.
    pub fn kth_distance(&self, query: &[f64], k: usize, exclude: Option<usize>) -> Option<f64> {
        self.kth_distance_with(query, k, exclude, &mut Scratch::default())
    }

    /// [`KdTree::kth_distance`] reusing the buffers of `scratch` (no allocation per query).
    pub fn kth_distance_with(
        &self,
        query: &[f64],
        k: usize,
        exclude: Option<usize>,
        scratch: &mut Scratch,
    ) -> Option<f64> {
        if k == 0 {
            return Some(0.0);
        }
        let d = self.d;
        // the k smallest squared distances so far, ascending
        let best = &mut scratch.best;
        best.clear();
        let stack = &mut scratch.stack;
        stack.clear();
        stack.push(0);
        while let Some(node) = stack.pop() {
            let bound = if best.len() == k { best[k - 1] } else { f64::INFINITY };
            // the squared distance from the query to the node's bounding box
            let b = &self.boxes[node * 2 * d..(node + 1) * 2 * d];
            let mut gap = 0.0;
            for c in 0..d {
                let q = query[c];
                let g = if q < b[c] {
                    b[c] - q
                } else if q > b[d + c] {
                    q - b[d + c]
                } else {
                    0.0
                };
                gap += g * g;
            }
            if gap > bound || (gap == bound && best.len() == k) {
                continue;
            }
            match self.nodes[node] {
                Node::Leaf { start, end } => {
                    for p in start..end {
                        if Some(self.index[p]) == exclude {
                            continue;
                        }
                        let point = &self.coords[p * d..(p + 1) * d];
                        let mut dist = 0.0;
                        for (a, b) in point.iter().zip(query) {
                            dist += (a - b) * (a - b);
                        }
                        if best.len() < k || dist < best[k - 1] {
                            let at = best.partition_point(|&b| b <= dist);
                            best.insert(at, dist);
                            best.truncate(k);
                        }
                    }
                }
                Node::Split { dim, value, left, right } => {
                    let (near, far) = if query[dim] <= value { (left, right) } else { (right, left) };
                    stack.push(far);
                    stack.push(near);
                }
            }
        }
        (best.len() == k).then(|| best[k - 1].sqrt())
    }
}

/// Reusable buffers for [`KdTree::kth_distance_with`].
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    best: Vec<f64>,
    stack: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn matches_brute_force() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(11);
        for d in [1usize, 2, 5] {
            let n = 300;
            let points: Vec<f64> = (0..n * d).map(|_| rng.random_range(-1.0..1.0)).collect();
            let tree = KdTree::new(&points, d);
            for q in 0..n {
                let query = &points[q * d..(q + 1) * d];
                let mut dists: Vec<f64> = (0..n)
                    .filter(|&j| j != q)
                    .map(|j| (0..d).map(|c| (points[j * d + c] - query[c]).powi(2)).sum::<f64>().sqrt())
                    .collect();
                dists.sort_by(|a, b| a.partial_cmp(b).unwrap());
                for k in [1, 3, 7] {
                    assert_eq!(tree.kth_distance(query, k, Some(q)), Some(dists[k - 1]), "d={d} q={q} k={k}");
                }
            }
        }
    }

    #[test]
    fn too_few_points() {
        let tree = KdTree::new(&[1.0, 2.0], 1);
        assert_eq!(tree.kth_distance(&[0.0], 2, Some(0)), None);
        assert_eq!(tree.kth_distance(&[0.0], 2, None), Some(2.0));
    }

    #[test]
    fn equal_points() {
        let tree = KdTree::new(&[1.0; 40], 2);
        assert_eq!(tree.kth_distance(&[1.0, 1.0], 3, Some(0)), Some(0.0));
    }
}
