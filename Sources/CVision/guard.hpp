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

/// How a box's fractional edges become whole pixels.
enum class Rounding {
    /// Outward (floor the left and top edges, ceil the right and bottom): every pixel the box touches.
    outward,
    /// To the nearest pixel edge: the pixels mostly inside the box.
    nearest,
};

/// The pixels of the box (x, y, width, height), rounded as asked and clipped to the image (empty when it lies
/// outside). Coordinates are checked before any conversion to int: NaN and infinities are refused, huge values
/// clamped. The one place a box from Swift becomes a cv::Rect.
inline cv::Rect pixel_rect(const cv::Mat &image, float x, float y, float width, float height,
                           Rounding rounding = Rounding::outward) {
    if (!std::isfinite(x) || !std::isfinite(y) || !std::isfinite(width) || !std::isfinite(height))
        throw std::invalid_argument("box coordinates must be finite");
    const auto clamp = [](double value, int limit) { return int(std::min(std::max(value, 0.0), double(limit))); };
    const bool outward = rounding == Rounding::outward;
    const auto low = [&](double value) { return outward ? std::floor(value) : std::round(value); };
    const auto high = [&](double value) { return outward ? std::ceil(value) : std::round(value); };
    const int left = clamp(low(double(x)), image.cols), top = clamp(low(double(y)), image.rows);
    const int right = clamp(high(double(x) + width), image.cols);
    const int bottom = clamp(high(double(y) + height), image.rows);
    return cv::Rect(left, top, std::max(0, right - left), std::max(0, bottom - top));
}

} // namespace cvision
