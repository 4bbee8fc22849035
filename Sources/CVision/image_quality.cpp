// Per-frame image measurements: mean brightness and sharpness (variance of the Laplacian), measured on a
// 320-pixel-wide grey copy so that sharpness does not depend on the input resolution; and a tiny grey thumbnail
// for scene-change checks.
#include <opencv2/imgproc.hpp>
#include "guard.hpp"

int cvn_image_quality(cvn_image image, float *brightness, float *sharpness, char *error, size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        cv::Mat source = cvision::borrow(image);
        const double scale = 320.0 / source.cols;
        cv::Mat small, grey, laplacian;
        cv::resize(source, small, cv::Size(320, std::max(1, int(source.rows * scale))), 0, 0, cv::INTER_AREA);
        cv::cvtColor(small, grey, cv::COLOR_BGR2GRAY);
        cv::Laplacian(grey, laplacian, CV_32F);
        cv::Scalar mean, deviation;
        cv::meanStdDev(laplacian, mean, deviation);
        *brightness = float(cv::mean(grey)[0]);
        *sharpness = float(deviation[0] * deviation[0]);
    });
}

int cvn_grey_thumbnail(cvn_image image, int32_t width, int32_t height, uint8_t *output, char *error,
                       size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (width <= 0 || height <= 0 || !output) throw std::invalid_argument("bad thumbnail size");
        cv::Mat small, grey(height, width, CV_8UC1, output);
        cv::resize(cvision::borrow(image), small, cv::Size(width, height), 0, 0, cv::INTER_AREA);
        cv::cvtColor(small, grey, cv::COLOR_BGR2GRAY);
    });
}
