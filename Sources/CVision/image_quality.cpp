// Per-frame image measurements on one 320-pixel-wide grey copy (so that sharpness does not depend on the input
// resolution): mean brightness, sharpness (variance of the Laplacian), and a tiny grey thumbnail for scene-change
// checks.
#include <opencv2/imgproc.hpp>
#include "guard.hpp"

int cvn_measure_image(cvn_image image, float *brightness, float *sharpness, int32_t thumbnail_width,
                      int32_t thumbnail_height, uint8_t *thumbnail, char *error, size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (thumbnail_width <= 0 || thumbnail_height <= 0 || !thumbnail) throw std::invalid_argument("bad thumbnail");
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
        cv::Mat output(thumbnail_height, thumbnail_width, CV_8UC1, thumbnail);
        cv::resize(grey, output, output.size(), 0, 0, cv::INTER_AREA);
    });
}
