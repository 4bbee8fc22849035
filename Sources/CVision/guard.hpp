// Shared by every CVision entry point: run a body, turn any C++ exception into a status code and a message.
#pragma once
#include <cstdio>
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

} // namespace cvision
