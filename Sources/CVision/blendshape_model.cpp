// MediaPipe's face blendshape model (from the Face Landmarker v2 bundle): an MLP-Mixer that reads 146 of the 478
// face landmarks and scores 52 ARKit-style blendshapes. It is small (about 445k weights), so it runs here as plain
// matrix products on weights that scripts/convert/blendshape_weights.py extracted into a tensor file:
//
//   "proctor-tensors 1\n", then one line "NAME DIM..." per tensor, then "end\n", then every tensor's float32
//   values (little-endian, row-major) in the order listed.
//
// Forward pass, as MediaPipe's graph computes it:
//   points (146 x 2, image pixels) -> centred on their mean, divided by their mean distance from it
//   -> token embedding: [96 x 146] . points + bias (96 tokens of 2 values) -> feature embedding [64 x 2] per token
//   -> a learned class token prepended (97 tokens x 64 features)
//   -> 4 mixer blocks: x += TokenMLP(LayerNorm(x)) across tokens, x += ChannelMLP(LayerNorm(x)) across features
//      (LayerNorm per token over its 64 features, epsilon 1e-6, scale only; MLPs are Dense-ReLU-Dense)
//   -> the class token through [52 x 64] + bias -> sigmoid.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>
#include <cblas-netlib.h>
#include <opencv2/core.hpp>
#include "guard.hpp"

namespace {

constexpr int kSubset = 146, kTokens = 96, kFeatures = 64, kTokenHidden = 384, kChannelHidden = 256, kBlocks = 4;

/// MediaPipe's kLandmarksSubsetIdxs (face_blendshapes_graph.cc): the landmarks the model reads, in its order.
constexpr int kSubsetIndices[kSubset] = {
    0,   1,   4,   5,   6,   7,   8,   10,  13,  14,  17,  21,  33,  37,  39,  40,  46,  52,  53,  54,  55,  58,
    61,  63,  65,  66,  67,  70,  78,  80,  81,  82,  84,  87,  88,  91,  93,  95,  103, 105, 107, 109, 127, 132,
    133, 136, 144, 145, 146, 148, 149, 150, 152, 153, 154, 155, 157, 158, 159, 160, 161, 162, 163, 168, 172, 173,
    176, 178, 181, 185, 191, 195, 197, 234, 246, 249, 251, 263, 267, 269, 270, 276, 282, 283, 284, 285, 288, 291,
    293, 295, 296, 297, 300, 308, 310, 311, 312, 314, 317, 318, 321, 323, 324, 332, 334, 336, 338, 356, 361, 362,
    365, 373, 374, 375, 377, 378, 379, 380, 381, 382, 384, 385, 386, 387, 388, 389, 390, 397, 398, 400, 402, 405,
    409, 415, 454, 466, 468, 469, 470, 471, 472, 473, 474, 475, 476, 477};

/// The tensors the file must hold, with their shapes.
std::vector<std::pair<std::string, std::vector<int>>> expected_tensors() {
    std::vector<std::pair<std::string, std::vector<int>>> list = {
        {"embed_points.weight", {kTokens, kSubset}}, {"embed_points.bias", {kTokens}},
        {"embed_features.weight", {kFeatures, 2}},  {"embed_features.bias", {kFeatures}},
        {"class_token", {kFeatures}},
    };
    for (int b = 0; b < kBlocks; ++b) {
        const std::string p = "block" + std::to_string(b) + ".";
        list.insert(list.end(), {
            {p + "token_norm.scale", {kFeatures}},
            {p + "token_mlp1.weight", {kTokenHidden, kTokens + 1}}, {p + "token_mlp1.bias", {kTokenHidden}},
            {p + "token_mlp2.weight", {kTokens + 1, kTokenHidden}}, {p + "token_mlp2.bias", {kTokens + 1}},
            {p + "channel_norm.scale", {kFeatures}},
            {p + "channel_mlp1.weight", {kChannelHidden, kFeatures}}, {p + "channel_mlp1.bias", {kChannelHidden}},
            {p + "channel_mlp2.weight", {kFeatures, kChannelHidden}}, {p + "channel_mlp2.bias", {kFeatures}},
        });
    }
    list.insert(list.end(), {{"head.weight", {CVN_BLENDSHAPES, kFeatures}}, {"head.bias", {CVN_BLENDSHAPES}}});
    return list;
}

/// Reads a tensor file, checking that it lists exactly the expected tensors and holds exactly their values.
std::map<std::string, cv::Mat> read_tensors(const char *path) {
    if (!path || !*path) throw std::invalid_argument("no blendshape weights path given");
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error(std::string("cannot open ") + path);
    std::string line;
    if (!std::getline(file, line) || line != "proctor-tensors 1")
        throw std::runtime_error("not a proctor tensor file (version 1)");
    std::map<std::string, cv::Mat> tensors;
    std::vector<std::string> order;
    for (const auto &[name, shape] : expected_tensors()) {
        if (!std::getline(file, line)) throw std::runtime_error("tensor list ends early");
        std::istringstream fields(line);
        std::string listed;
        fields >> listed;
        std::vector<int> dims;
        for (int d; fields >> d;) dims.push_back(d);
        if (listed != name || dims != shape) throw std::runtime_error("unexpected tensor '" + line + "'");
        const int rows = shape[0], cols = shape.size() > 1 ? shape[1] : 1;
        tensors[name] = cv::Mat(rows, cols, CV_32F);
        order.push_back(name);
    }
    if (!std::getline(file, line) || line != "end") throw std::runtime_error("tensor list does not end");
    for (const std::string &name : order) {
        cv::Mat &tensor = tensors[name];
        file.read(reinterpret_cast<char *>(tensor.data), std::streamsize(tensor.total() * sizeof(float)));
        if (!file) throw std::runtime_error("tensor file ends inside " + name);
    }
    if (file.peek() != std::char_traits<char>::eof()) throw std::runtime_error("tensor file has trailing bytes");
    return tensors;
}

/// Each row scaled to zero mean and unit variance over its columns, then multiplied by `scale` per column.
cv::Mat layer_norm(const cv::Mat &x, const cv::Mat &scale) {
    cv::Mat out(x.size(), CV_32F);
    for (int r = 0; r < x.rows; ++r) {
        cv::Scalar mean, deviation;
        cv::meanStdDev(x.row(r), mean, deviation);
        const double inverse = 1.0 / std::sqrt(deviation[0] * deviation[0] + 1e-6);
        const float *in = x.ptr<float>(r), *gamma = scale.ptr<float>();
        float *o = out.ptr<float>(r);
        for (int c = 0; c < x.cols; ++c) o[c] = float((in[c] - mean[0]) * inverse) * gamma[c];
    }
    return out;
}

/// Dense(weight, bias) applied to each column of `x` (weight: out x in, x: in x n), ReLU when asked. The product is
/// BLAS's sgemm (OpenBLAS, which dlib links too): about 5 times faster than cv::gemm here, and it splits the work
/// across threads by output block, so every sum runs in the same order whatever the thread count.
cv::Mat dense_columns(const cv::Mat &weight, const cv::Mat &bias, const cv::Mat &input, bool relu) {
    const cv::Mat x = input.isContinuous() ? input : input.clone();
    if (weight.cols != x.rows) throw std::logic_error("dense layer shapes do not match");
    cv::Mat out(weight.rows, x.cols, CV_32F);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, weight.rows, x.cols, weight.cols, 1.f,
                weight.ptr<float>(), weight.cols, x.ptr<float>(), x.cols, 0.f, out.ptr<float>(), out.cols);
    const float *b = bias.ptr<float>();
    for (int r = 0; r < out.rows; ++r) {
        float *row = out.ptr<float>(r);
        for (int c = 0; c < out.cols; ++c) row[c] = relu ? std::max(row[c] + b[r], 0.f) : row[c] + b[r];
    }
    return out;
}

/// A dense layer's weight (out x in) and bias (out).
struct Dense {
    cv::Mat weight, bias;

    cv::Mat apply(const cv::Mat &x, bool relu) const { return dense_columns(weight, bias, x, relu); }
};

/// One mixer block: token MLP then channel MLP, each after a scale-only LayerNorm.
struct MixerBlock {
    cv::Mat token_norm, channel_norm;
    Dense token1, token2, channel1, channel2;
};

} // namespace

/// The weights, taken out of the tensor file once at load (the forward pass does no lookups).
struct cvn_blendshape_model {
    Dense embed_points, embed_features, head;
    cv::Mat class_token;
    MixerBlock blocks[kBlocks];
};

int cvn_blendshape_model_create(const char *path, cvn_blendshape_model **out, char *error, size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!out) throw std::invalid_argument("no output handle");
        std::map<std::string, cv::Mat> w = read_tensors(path);
        auto dense = [&](const std::string &name) { return Dense{w.at(name + ".weight"), w.at(name + ".bias")}; };
        auto model = std::make_unique<cvn_blendshape_model>();
        model->embed_points = dense("embed_points");
        model->embed_features = dense("embed_features");
        model->head = dense("head");
        model->class_token = w.at("class_token");
        for (int b = 0; b < kBlocks; ++b) {
            const std::string p = "block" + std::to_string(b) + ".";
            model->blocks[b] = MixerBlock{w.at(p + "token_norm.scale"), w.at(p + "channel_norm.scale"),
                                          dense(p + "token_mlp1"),      dense(p + "token_mlp2"),
                                          dense(p + "channel_mlp1"),    dense(p + "channel_mlp2")};
        }
        *out = model.release();
    });
}

void cvn_blendshape_model_destroy(cvn_blendshape_model *model) { delete model; }

int cvn_blendshape_model_score(cvn_blendshape_model *model, const float *landmarks, float *scores, char *error,
                               size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!model || !landmarks || !scores) throw std::invalid_argument("null argument");
        // Points (146 x 2), centred, over their mean distance from the centre.
        cv::Mat points(kSubset, 2, CV_32F);
        for (int i = 0; i < kSubset; ++i) {
            const float x = landmarks[2 * kSubsetIndices[i]], y = landmarks[2 * kSubsetIndices[i] + 1];
            if (!std::isfinite(x) || !std::isfinite(y)) throw std::invalid_argument("landmarks must be finite");
            points.at<float>(i, 0) = x;
            points.at<float>(i, 1) = y;
        }
        cv::Mat mean;
        cv::reduce(points, mean, 0, cv::REDUCE_AVG);
        points -= cv::repeat(mean, kSubset, 1);
        double spread = 0;
        for (int i = 0; i < kSubset; ++i) spread += std::hypot(points.at<float>(i, 0), points.at<float>(i, 1));
        spread /= kSubset;
        if (!(spread > 1e-6)) throw std::invalid_argument("landmarks collapse to a point");
        points /= spread;
        // Tokens (96 x 2) -> features (96 x 64) -> class token first (97 x 64).
        const cv::Mat tokens = model->embed_points.apply(points, false);
        const cv::Mat embedded = model->embed_features.apply(tokens.t(), false).t();
        cv::Mat x;
        cv::vconcat(model->class_token.t(), embedded, x);
        for (const MixerBlock &block : model->blocks) {
            x += block.token2.apply(block.token1.apply(layer_norm(x, block.token_norm), true), false);
            x += block.channel2.apply(block.channel1.apply(layer_norm(x, block.channel_norm).t(), true), false).t();
        }
        const cv::Mat head = model->head.apply(x.row(0).t(), false);
        for (int i = 0; i < CVN_BLENDSHAPES; ++i) scores[i] = 1.f / (1.f + std::exp(-head.at<float>(i)));
    });
}
