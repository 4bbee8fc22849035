// Per-frame image measurements on one small grey copy, 320 pixels wide (so that sharpness does not depend on the
// input resolution) and never more than 640 pixels high (so that a 1x4000 strip costs no more than a portrait frame):
// mean brightness, sharpness (variance of the Laplacian), and a tiny grey thumbnail for scene-change checks.
#include <algorithm>
#include <opencv2/imgproc.hpp>
#include "guard.hpp"

int cvn_measure_image(cvn_image image, float *brightness, float *sharpness, int32_t thumbnail_width,
                      int32_t thumbnail_height, uint8_t *thumbnail, char *error, size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (thumbnail_width <= 0 || thumbnail_height <= 0 || !thumbnail) throw std::invalid_argument("bad thumbnail");
        cv::Mat source = cvision::borrow(image);
        int width = 320, height = std::max(1, int(source.rows * (320.0 / source.cols)));
        if (height > 640) {
            height = 640;
            width = std::max(1, int(source.cols * (640.0 / source.rows)));
        }
        cv::Mat small, grey, laplacian;
        cv::resize(source, small, cv::Size(width, height), 0, 0, cv::INTER_AREA);
        cv::cvtColor(small, grey, cv::COLOR_BGR2GRAY);
        cv::Laplacian(grey, laplacian, CV_32F);
        cv::Scalar mean, deviation;
        cv::meanStdDev(laplacian, mean, deviation);
        *brightness = float(cv::mean(grey)[0]);
        *sharpness = float(deviation[0] * deviation[0]);
        cv::Mat output(thumbnail_height, thumbnail_width, CV_8UC1, thumbnail);
        cv::resize(grey, output, output.size(), 0, 0, cv::INTER_AREA);
    });
}
