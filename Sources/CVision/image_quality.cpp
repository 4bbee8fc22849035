// Per-frame image measurements on a small grey copy, 320 pixels wide (so that sharpness does not depend on the
// input resolution) and never more than 640 pixels high (so that a 1x4000 strip costs no more than a portrait frame):
// mean brightness, sharpness (variance of the Laplacian), and a tiny grey thumbnail for scene-change checks.
// Brightness and sharpness are measured inside black bars (letterbox, pillarbox, the padding of a phone video shown in
// a wider frame): bars say nothing about the picture, and would otherwise make a well-lit portrait video "too dark".
#include <algorithm>
#include <opencv2/imgproc.hpp>
#include "guard.hpp"

namespace {

/// A bar's pixels are near black: encoders put them at 16 (limited range) or 0, with a little noise.
constexpr double kBarLevel = 32;

/// The picture inside black bars: edge rows and columns whose brightest pixel is at most kBarLevel are trimmed, and
/// one more line on each trimmed side (it mixes bar and picture once scaled down). An image dark all over keeps its
/// full size (it is dark, not barred).
cv::Rect content(const cv::Mat &grey) {
    auto dark = [](const cv::Mat &line) {
        double brightest = 0;
        cv::minMaxLoc(line, nullptr, &brightest);
        return brightest <= kBarLevel;
    };
    int top = 0, bottom = grey.rows, left = 0, right = grey.cols;
    while (top < bottom && dark(grey.row(top))) ++top;
    while (bottom > top && dark(grey.row(bottom - 1))) --bottom;
    if (top >= bottom) return cv::Rect(0, 0, grey.cols, grey.rows);
    const cv::Mat band = grey.rowRange(top, bottom);
    while (left < right && dark(band.col(left))) ++left;
    while (right > left && dark(band.col(right - 1))) --right;
    if (top > 0 && bottom - top > 2) ++top;
    if (bottom < grey.rows && bottom - top > 2) --bottom;
    if (left > 0 && right - left > 2) ++left;
    if (right < grey.cols && right - left > 2) --right;
    return cv::Rect(left, top, right - left, bottom - top);
}

/// A grey copy 320 pixels wide and at most 640 high (so sharpness does not depend on the input resolution).
cv::Mat small_grey(const cv::Mat &source) {
    int width = 320, height = std::max(1, int(source.rows * (320.0 / source.cols)));
    if (height > 640) {
        height = 640;
        width = std::max(1, int(source.cols * (640.0 / source.rows)));
    }
    cv::Mat small, grey;
    cv::resize(source, small, cv::Size(width, height), 0, 0, cv::INTER_AREA);
    cv::cvtColor(small, grey, cv::COLOR_BGR2GRAY);
    return grey;
}

} // namespace

int cvn_measure_image(cvn_image image, float *brightness, float *sharpness, int32_t thumbnail_width,
                      int32_t thumbnail_height, uint8_t *thumbnail, char *error, size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (thumbnail_width <= 0 || thumbnail_height <= 0 || !thumbnail) throw std::invalid_argument("bad thumbnail");
        const cv::Mat source = cvision::borrow(image);
        const cv::Mat grey = small_grey(source);
        // Inside bars, the picture is measured again at the same scale as an unbarred one.
        cv::Mat picture = grey;
        const cv::Rect inner = content(grey);
        if (inner.size() != grey.size()) {
            const double sx = double(source.cols) / grey.cols, sy = double(source.rows) / grey.rows;
            const cv::Rect region = cv::Rect(int(inner.x * sx), int(inner.y * sy), std::max(1, int(inner.width * sx)),
                                             std::max(1, int(inner.height * sy))) &
                                    cv::Rect(0, 0, source.cols, source.rows);
            picture = small_grey(source(region));
        }
        cv::Mat laplacian;
        cv::Laplacian(picture, laplacian, CV_32F);
        cv::Scalar mean, deviation;
        cv::meanStdDev(laplacian, mean, deviation);
        *brightness = float(cv::mean(picture)[0]);
        *sharpness = float(deviation[0] * deviation[0]);
        cv::Mat output(thumbnail_height, thumbnail_width, CV_8UC1, thumbnail);
        cv::resize(grey, output, output.size(), 0, 0, cv::INTER_AREA);
    });
}
