#include "mha/io/weights_file.hpp"

#include <charconv>
#include <cmath>
#include <set>

#include "mha/core/error.hpp"

namespace mha {

namespace {

using Shape = std::vector<std::int64_t>;


// Which names the file uses, and the prefix every name shares.
struct Naming {
  bool torch = false;
  std::string prefix;
  std::string full(const std::string& name) const { return prefix + name; }
};

Naming detect(const io::TensorSet& set) {
  for (const auto& t : set.tensors)
    for (const std::string suffix : {"W_Q", "in_proj_weight", "q_proj_weight"}) {
      const std::string& n = t.name;
      if (n.size() >= suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0 &&
          (n.size() == suffix.size() || n[n.size() - suffix.size() - 1] == '.'))
        return {suffix != "W_Q", n.substr(0, n.size() - suffix.size())};
    }
  std::string found;
  for (std::size_t i = 0; i < set.tensors.size() && i < 6; ++i) found += (i ? ", " : "") + set.tensors[i].name;
  if (set.tensors.size() > 6) found += ", …";
  throw FormatError(set.source +
                    ": no attention weights found; expected W_Q, W_K, W_V, W_O (mha-explain names) or "
                    "in_proj_weight / q_proj_weight and out_proj.weight (PyTorch nn.MultiheadAttention names); found " +
                    (found.empty() ? std::string("no tensors") : found));
}

const io::Tensor* get(const io::TensorSet& set, const Naming& naming, const std::string& name) {
  return set.find(naming.full(name));
}

const io::Tensor& need(const io::TensorSet& set, const Naming& naming, const std::string& name, const char* why) {
  if (const io::Tensor* t = get(set, naming, name)) return *t;
  throw FormatError(set.source + ": tensor \"" + naming.full(name) + "\" is missing; expected it " + why);
}

std::int64_t dim(const io::TensorSet& set, const io::Tensor& t, std::size_t axis, std::size_t rank) {
  if (t.shape.size() != rank)
    throw FormatError(set.source + ": tensor \"" + t.name + "\" has shape " + io::shape_string(t.shape) +
                      "; expected " + std::to_string(rank) + " dimensions");
  return t.shape[axis];
}

int as_int(std::int64_t v) { return v > Limits::max_d_model ? Limits::max_d_model + 1 : static_cast<int>(v); }

// One expected tensor: its shape as a formula and as numbers.
void check_shape(const io::TensorSet& set, const io::Tensor& t, const Shape& expected, const std::string& formula) {
  if (t.shape == expected) return;
  throw ShapeError(set.source + ": tensor \"" + t.name + "\" has shape " + io::shape_string(t.shape) +
                   "; expected " + formula + " = " + io::shape_string(expected));
}

void check_finite(const io::TensorSet& set, const io::Tensor& t) {
  for (std::size_t i = 0; i < t.data.size(); ++i) {
    if (std::isfinite(t.data[i])) continue;
    Shape at(t.shape.size());
    std::size_t rest = i;
    for (std::size_t a = t.shape.size(); a-- > 0;) {
      const auto n = static_cast<std::size_t>(t.shape[a]);
      at[a] = static_cast<std::int64_t>(rest % n);
      rest /= n;
    }
    throw FormatError(set.source + ": tensor \"" + t.name + "\" holds " + (std::isnan(t.data[i]) ? "NaN" : "infinity") +
                      " at " + io::shape_string(at) + "; weights must be finite numbers");
  }
}

// Rows [first, first + count) of a PyTorch [out, in] matrix, transposed to our [in, out].
Matrix torch_rows_transposed(const io::Tensor& t, std::int64_t first, std::int64_t count) {
  const std::int64_t in = t.shape[1];
  Matrix W(in, count);
  for (std::int64_t o = 0; o < count; ++o)
    for (std::int64_t i = 0; i < in; ++i)
      W(i, o) = t.data[static_cast<std::size_t>((first + o) * in + i)];
  return W;
}

Matrix as_matrix(const io::Tensor& t) {
  Matrix W(t.shape[0], t.shape[1]);
  std::copy(t.data.begin(), t.data.end(), W.data());
  return W;
}

RowVector slice(const io::Tensor& t, std::int64_t first, std::int64_t count) {
  RowVector b(count);
  for (std::int64_t j = 0; j < count; ++j) b(j) = t.data[static_cast<std::size_t>(first + j)];
  return b;
}

std::optional<int> metadata_heads(const io::TensorSet& set) {
  for (const char* key : {"num_heads", "heads", "n_head", "num_attention_heads"}) {
    const auto it = set.metadata.find(key);
    if (it == set.metadata.end()) continue;
    int h = 0;
    const std::string& s = it->second;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), h);
    if (ec != std::errc() || ptr != s.data() + s.size() || h < 1)
      throw FormatError(set.source + ": metadata \"" + key + "\" is \"" + s + "\"; expected a whole number of heads");
    return h;
  }
  return std::nullopt;
}

int per_head(const io::TensorSet& set, const std::string& tensor, int width, int heads, const char* what,
             const char* flag) {
  if (width % heads != 0)
    throw ShapeError(set.source + ": tensor \"" + tensor + "\" gives " + std::to_string(width) + " " + what +
                     " columns, which " + std::to_string(heads) + " heads cannot share equally; expected a multiple of " +
                     std::to_string(heads) + " (or give " + flag + ")");
  return width / heads;
}

}  // namespace

Config sizes_from_weights(const io::TensorSet& set, Config config) {
  const Naming naming = detect(set);
  std::int64_t d = 0, kdim = 0, vdim = 0, qk = 0, vw = 0;
  std::string q_name, v_name;
  if (naming.torch) {
    const io::Tensor& out = need(set, naming, "out_proj.weight", "with in_proj_weight (PyTorch names)");
    d = dim(set, out, 0, 2);
    qk = vw = d;  // nn.MultiheadAttention: every head is d / h wide for q, k and v
    kdim = vdim = d;
    if (const io::Tensor* k = get(set, naming, "k_proj_weight")) kdim = dim(set, *k, 1, 2);
    if (const io::Tensor* v = get(set, naming, "v_proj_weight")) vdim = dim(set, *v, 1, 2);
    q_name = v_name = naming.full("out_proj.weight");
  } else {
    const io::Tensor& W_Q = need(set, naming, "W_Q", "(mha-explain names)");
    d = dim(set, W_Q, 0, 2);
    qk = dim(set, W_Q, 1, 2);
    const io::Tensor& W_K = need(set, naming, "W_K", "with W_Q");
    const io::Tensor& W_V = need(set, naming, "W_V", "with W_Q");
    kdim = dim(set, W_K, 0, 2);
    vdim = dim(set, W_V, 0, 2);
    vw = dim(set, W_V, 1, 2);
    q_name = W_Q.name;
    v_name = W_V.name;
  }
  if (config.d_model == 0) config.d_model = as_int(d);
  if (config.heads == 0) {
    const auto h = metadata_heads(set);
    if (!h)
      throw InputError(set.source + " does not say how many heads it has (no \"num_heads\" in its metadata); give --heads");
    config.heads = *h;
  }
  if (config.heads < 1 || config.heads > Limits::max_d_model)
    throw InputError("heads is " + std::to_string(config.heads) + "; expected 1 to " + std::to_string(Limits::max_d_model));
  if (config.d_k == 0) config.d_k = per_head(set, q_name, as_int(qk), config.heads, "query/key", "--d-k");
  // W_V has one d_v-wide block per key/value head (fewer than heads with --kv-heads).
  const int value_heads = config.kv_heads > 0 && !naming.torch ? config.kv_heads : config.heads;
  if (config.d_v == 0) config.d_v = per_head(set, v_name, as_int(vw), value_heads, "value", "--d-v");
  if (config.kdim == 0) config.kdim = as_int(kdim);
  if (config.vdim == 0) config.vdim = as_int(vdim);
  return config;
}

AttentionWeights weights_from_tensors(const io::TensorSet& set, const Config& c, std::vector<std::string>* ignored) {
  const Naming naming = detect(set);
  const std::int64_t d = c.d_model, kdim = c.kdim, vdim = c.vdim, qk = std::int64_t{c.heads} * c.d_k,
                     vw = std::int64_t{c.heads} * c.d_v;
  // Keys and values: one block per key/value head (h_kv = heads unless --kv-heads).
  const int kv = c.kv_heads > 0 ? c.kv_heads : c.heads;
  const std::int64_t kw = std::int64_t{kv} * c.d_k, kvw = std::int64_t{kv} * c.d_v;
  const std::string kh = kv == c.heads ? "heads" : "kv_heads";
  std::set<std::string> used;
  auto take = [&](const io::Tensor& t) -> const io::Tensor& {
    check_finite(set, t);
    used.insert(t.name);
    return t;
  };
  AttentionWeights w;
  if (naming.torch) {
    if (kv != c.heads)
      throw ShapeError(set.source + ": PyTorch nn.MultiheadAttention names have as many key/value heads as heads (" +
                       std::to_string(c.heads) + "); --kv-heads " + std::to_string(kv) +
                       " needs our names, W_K [kdim, kv_heads·d_k] and W_V [vdim, kv_heads·d_v]");
    // The file's width against d_model first: a --d-model that disagrees is
    // told so by the tensor, not as head widths nobody typed.
    const io::Tensor* packed = get(set, naming, "in_proj_weight");
    if (packed) check_shape(set, *packed, {3 * d, d}, "[3·d_model, d_model]");
    if (qk != d || vw != d)
      throw ShapeError(set.source + ": PyTorch nn.MultiheadAttention weights have heads·d_k = heads·d_v = d_model (" +
                       std::to_string(d) + "); --d-k / --d-v ask for " + std::to_string(qk) + " and " +
                       std::to_string(vw));
    for (const char* extra : {"bias_k", "bias_v"})
      if (get(set, naming, extra))
        throw FormatError(set.source + ": tensor \"" + naming.full(extra) +
                          "\" (add_bias_kv=True) is not supported; expected weights without it");
    const io::Tensor& out = take(need(set, naming, "out_proj.weight", "(the output projection)"));
    check_shape(set, out, {d, d}, "[d_model, d_model]");
    if (const io::Tensor* in = get(set, naming, "in_proj_weight")) {
      if (kdim != d || vdim != d)
        throw ShapeError(set.source + ": tensor \"" + in->name + "\" packs q, k and v for kdim = vdim = d_model; kdim " +
                         std::to_string(kdim) + " / vdim " + std::to_string(vdim) +
                         " need q_proj_weight, k_proj_weight and v_proj_weight");
      check_shape(set, take(*in), {3 * d, d}, "[3·d_model, d_model]");
      w.W_Q = torch_rows_transposed(*in, 0, d);
      w.W_K = torch_rows_transposed(*in, d, d);
      w.W_V = torch_rows_transposed(*in, 2 * d, d);
    } else {
      const io::Tensor& q = take(need(set, naming, "q_proj_weight", "(or in_proj_weight)"));
      const io::Tensor& k = take(need(set, naming, "k_proj_weight", "with q_proj_weight"));
      const io::Tensor& v = take(need(set, naming, "v_proj_weight", "with q_proj_weight"));
      check_shape(set, q, {d, d}, "[d_model, d_model]");
      check_shape(set, k, {d, kdim}, "[d_model, kdim]");
      check_shape(set, v, {d, vdim}, "[d_model, vdim]");
      w.W_Q = torch_rows_transposed(q, 0, d);
      w.W_K = torch_rows_transposed(k, 0, d);
      w.W_V = torch_rows_transposed(v, 0, d);
    }
    w.W_O = torch_rows_transposed(out, 0, d);
    const io::Tensor* in_b = get(set, naming, "in_proj_bias");
    const io::Tensor* out_b = get(set, naming, "out_proj.bias");
    if (in_b || out_b) {
      const io::Tensor& ib = take(need(set, naming, "in_proj_bias", "with out_proj.bias (biases come together)"));
      const io::Tensor& ob = take(need(set, naming, "out_proj.bias", "with in_proj_bias (biases come together)"));
      check_shape(set, ib, {3 * d}, "[3·d_model]");
      check_shape(set, ob, {d}, "[d_model]");
      w.b_Q = slice(ib, 0, d);
      w.b_K = slice(ib, d, d);
      w.b_V = slice(ib, 2 * d, d);
      w.b_O = slice(ob, 0, d);
    }
  } else {
    const io::Tensor& W_Q = take(need(set, naming, "W_Q", "(mha-explain names)"));
    const io::Tensor& W_K = take(need(set, naming, "W_K", "with W_Q"));
    const io::Tensor& W_V = take(need(set, naming, "W_V", "with W_Q"));
    const io::Tensor& W_O = take(need(set, naming, "W_O", "with W_Q"));
    check_shape(set, W_Q, {d, qk}, "[d_model, heads·d_k]");
    check_shape(set, W_K, {kdim, kw}, "[kdim, " + kh + "·d_k]");
    check_shape(set, W_V, {vdim, kvw}, "[vdim, " + kh + "·d_v]");
    check_shape(set, W_O, {vw, d}, "[heads·d_v, d_model]");
    w.W_Q = as_matrix(W_Q);
    w.W_K = as_matrix(W_K);
    w.W_V = as_matrix(W_V);
    w.W_O = as_matrix(W_O);
    const char* names[] = {"b_Q", "b_K", "b_V", "b_O"};
    const bool any = std::any_of(std::begin(names), std::end(names), [&](const char* n) { return get(set, naming, n); });
    if (any) {
      const std::int64_t widths[] = {qk, kw, kvw, d};
      const std::string formulas[] = {"[heads·d_k]", "[" + kh + "·d_k]", "[" + kh + "·d_v]", "[d_model]"};
      std::optional<RowVector>* slots[] = {&w.b_Q, &w.b_K, &w.b_V, &w.b_O};
      for (int i = 0; i < 4; ++i) {
        const io::Tensor& b = take(need(set, naming, names[i], "with the other biases (b_Q, b_K, b_V, b_O come together)"));
        // [w], or [1, w] as a trace exports it (a bias is one row there).
        if (b.shape != Shape{1, widths[i]}) check_shape(set, b, {widths[i]}, formulas[i]);
        *slots[i] = slice(b, 0, widths[i]);
      }
    }
  }
  if (ignored)
    for (const auto& t : set.tensors)
      if (!used.count(t.name)) ignored->push_back(t.name);
  return w;
}

}  // namespace mha
