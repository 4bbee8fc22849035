// Shared by every CVision entry point: run a body, turn any C++ exception into a status code and a message.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <exception>
#include <opencv2/core.hpp>
#include "CVision.h"

namespace cvision {

inline void write_error(char *error, size_t size, const char *message) {
    if (error && size > 0) std::snprintf(error, size, "%s", message);
}

template <typename Body>
int guarded(char *error, size_t error_size, Body body) {
    try {
        body();
        return CV_OK;
    } catch (const cv::Exception &exception) {
        write_error(error, error_size, exception.what());
    } catch (const std::exception &exception) {
        write_error(error, error_size, exception.what());
    } catch (...) {
        write_error(error, error_size, "unknown C++ exception");
    }
    return CV_ERROR;
}

/// Wraps borrowed BGR pixels without copying.
inline cv::Mat borrow(cvn_image image) {
    if (!image.pixels || image.width <= 0 || image.height <= 0 || image.stride < image.width * 3)
        throw std::invalid_argument("empty or malformed image");
    return cv::Mat(image.height, image.width, CV_8UC3, const_cast<uint8_t *>(image.pixels), image.stride);
}

/// The whole pixels covering the box (x, y, width, height), clipped to the image (empty when it lies outside).
/// Coordinates are checked before any conversion to int: NaN, infinities and huge values are refused or clamped.
inline cv::Rect clip_box(const cv::Mat &image, float x, float y, float width, float height) {
    if (!std::isfinite(x) || !std::isfinite(y) || !std::isfinite(width) || !std::isfinite(height))
        throw std::invalid_argument("box coordinates must be finite");
    const auto clamp = [](double value, int limit) { return int(std::min(std::max(value, 0.0), double(limit))); };
    const int left = clamp(std::floor(double(x)), image.cols), top = clamp(std::floor(double(y)), image.rows);
    const int right = clamp(std::ceil(double(x) + width), image.cols);
    const int bottom = clamp(std::ceil(double(y) + height), image.rows);
    return cv::Rect(left, top, std::max(0, right - left), std::max(0, bottom - top));
}

} // namespace cvision
