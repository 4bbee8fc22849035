// Per-frame image quality: mean brightness and sharpness (variance of the Laplacian), measured on a
// 320-pixel-wide grey copy so that sharpness does not depend on the input resolution.
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
