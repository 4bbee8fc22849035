// PP-OCRv4 DB text detection through cv::dnn (the model patched by scripts/convert/ppocr_clip_attrs.py).
// Input: RGB, /255, ImageNet mean/std, both sides multiples of 32. Output: a 1x1xHxW text probability map.
// Decoding (DB post-processing): binarise the map at 0.3, one region per contour scored by the mean probability
// inside it, unclip its minimum-area rectangle by area * 1.5 / perimeter, and report the axis-aligned box.
#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>
#include "guard.hpp"

struct cvn_text_detector {
    cv::dnn::Net net;
    int max_side;
    cv::Mat resized, rgb, normalised, blob;
};

namespace {

const float kBinaryThreshold = 0.3f;  // DB's probability threshold for the text mask
const float kUnclipRatio = 1.5f;      // DB's expansion of the shrunk text kernel
const float kMinSide = 3.f;           // shorter side of a region in map pixels, before unclipping
const int kMaxCandidates = 1000;      // contours examined per image, as in PaddleOCR

int multiple_of_32(double length) { return std::max(32, int(std::lround(length / 32.0)) * 32); }

/// Mean of `map` over the filled contour.
float contour_score(const cv::Mat &map, const std::vector<cv::Point> &contour) {
    const cv::Rect box = cv::boundingRect(contour) & cv::Rect(0, 0, map.cols, map.rows);
    if (box.empty()) return 0.f;
    cv::Mat mask = cv::Mat::zeros(box.size(), CV_8U);
    std::vector<std::vector<cv::Point>> shifted(1);
    shifted[0].reserve(contour.size());
    for (const cv::Point &point : contour) shifted[0].push_back(point - box.tl());
    cv::fillPoly(mask, shifted, cv::Scalar(1));
    return float(cv::mean(map(box), mask)[0]);
}

} // namespace

int cvn_text_detector_create(const char *onnx_path, int32_t max_side, cvn_text_detector **out, char *error,
                             size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!onnx_path || !out) throw std::invalid_argument("model path and output handle are required");
        if (max_side < 32 || max_side % 32 != 0) throw std::invalid_argument("max side must be a multiple of 32");
        cv::dnn::Net net = cv::dnn::readNet(onnx_path);
        // With layer fusion on, OpenCV 4.6 gives wrong probability maps from this model once the input size
        // changes between calls on the same net (checked against onnxruntime: right for the first size, up to 23%
        // of map pixels flipped afterwards). Without fusion every size matches onnxruntime (max difference ~6e-5);
        // fusion would save only 5-10% per frame.
        net.enableFusion(false);
        auto detector = std::make_unique<cvn_text_detector>();
        detector->net = std::move(net);
        detector->max_side = max_side;
        *out = detector.release();
    });
}

void cvn_text_detector_destroy(cvn_text_detector *detector) { delete detector; }

namespace {

/// The source resized (longer side at most max_side, never enlarged, both sides multiples of 32), RGB, normalised
/// with ImageNet's mean and deviation, into detector->blob.
void preprocess(cvn_text_detector *detector, const cv::Mat &source) {
    const double ratio = std::min(1.0, double(detector->max_side) / std::max(source.cols, source.rows));
    const cv::Size input(multiple_of_32(source.cols * ratio), multiple_of_32(source.rows * ratio));
    const bool shrinking = double(input.area()) < double(source.cols) * source.rows;
    cv::resize(source, detector->resized, input, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::cvtColor(detector->resized, detector->rgb, cv::COLOR_BGR2RGB);
    detector->rgb.convertTo(detector->normalised, CV_32F, 1.0 / 255.0);
    cv::subtract(detector->normalised, cv::Scalar(0.485, 0.456, 0.406), detector->normalised);
    cv::multiply(detector->normalised, cv::Scalar(1 / 0.229, 1 / 0.224, 1 / 0.225), detector->normalised);
    cv::dnn::blobFromImage(detector->normalised, detector->blob);
}

/// One contour's region in source pixels (unclipped by DB's offset, clipped to the image), if it is large and
/// confident enough.
bool region_of(const cv::Mat &map, const std::vector<cv::Point> &contour, cv::Size source, float min_score,
               cvn_text_region &region) {
    cv::RotatedRect rect = cv::minAreaRect(contour);
    const float width = rect.size.width, height = rect.size.height;
    if (std::min(width, height) < kMinSide) return false;
    const float score = contour_score(map, contour);
    if (score < min_score) return false;
    // Unclip: offset the rectangle outwards by area * ratio / perimeter (DB's polygon offset, with the rounded
    // corners of the offset polygon approximated by the expanded rectangle).
    const float distance = width * height * kUnclipRatio / (2.f * (width + height));
    rect.size = cv::Size2f(width + 2 * distance, height + 2 * distance);
    const cv::Rect2f bounds = rect.boundingRect2f();
    const float scale_x = float(source.width) / map.cols, scale_y = float(source.height) / map.rows;
    const float left = std::clamp(bounds.x * scale_x, 0.f, float(source.width));
    const float top = std::clamp(bounds.y * scale_y, 0.f, float(source.height));
    const float right = std::clamp((bounds.x + bounds.width) * scale_x, 0.f, float(source.width));
    const float bottom = std::clamp((bounds.y + bounds.height) * scale_y, 0.f, float(source.height));
    if (right <= left || bottom <= top) return false;
    region = cvn_text_region{left, top, right - left, bottom - top, score};
    return true;
}

/// DB post-processing of the probability map: the regions best first, ties in reading order (so the order never
/// depends on how contours were listed).
std::vector<cvn_text_region> decode(const cv::Mat &map, cv::Size source, float min_score) {
    cv::Mat binary = map > kBinaryThreshold;
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(binary, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
    std::vector<cvn_text_region> found;
    cvn_text_region region;
    const int candidates = std::min(int(contours.size()), kMaxCandidates);
    for (int i = 0; i < candidates; ++i)
        if (region_of(map, contours[i], source, min_score, region)) found.push_back(region);
    std::sort(found.begin(), found.end(), [](const cvn_text_region &a, const cvn_text_region &b) {
        if (a.score != b.score) return a.score > b.score;
        return a.y != b.y ? a.y < b.y : a.x < b.x;
    });
    return found;
}

} // namespace

int cvn_text_detector_detect(cvn_text_detector *detector, cvn_image image, float min_score,
                             cvn_text_region *regions, int32_t capacity, int32_t *count, char *error,
                             size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!detector || !count) throw std::invalid_argument("detector and count are required");
        if (capacity > 0 && !regions) throw std::invalid_argument("no region buffer for a positive capacity");
        const cv::Mat source = cvision::borrow(image);
        preprocess(detector, source);
        detector->net.setInput(detector->blob);
        cv::Mat output = detector->net.forward();
        if (output.dims != 4 || output.size[0] != 1 || output.size[1] != 1)
            throw std::runtime_error("unexpected output shape from the text detector");
        const cv::Mat map(output.size[2], output.size[3], CV_32F, output.ptr<float>());
        const std::vector<cvn_text_region> found = decode(map, source.size(), min_score);
        *count = int32_t(found.size());
        for (int i = 0; i < int(found.size()) && i < capacity; ++i) regions[i] = found[i];
    });
}
