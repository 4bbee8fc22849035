// Image encoding and decoding: evidence JPEGs with boxes drawn on them, and decoding of still images
// (JPEG, PNG, ...) with their EXIF orientation applied.
#include <cstdlib>
#include <cstring>
#include <vector>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include "guard.hpp"

int cvn_write_jpeg(const char *path, cvn_image image, const cvn_box *boxes, int32_t box_count, int32_t quality,
                   char *error, size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        cv::Mat annotated = cvision::borrow(image).clone();
        const int thickness = std::max(2, annotated.cols / 320);
        for (int i = 0; i < box_count; ++i) {
            const cvn_box &box = boxes[i];
            cv::rectangle(annotated, cv::Rect2f(box.x, box.y, box.width, box.height),
                          cv::Scalar(box.blue, box.green, box.red), thickness);
        }
        if (!cv::imwrite(path, annotated, {cv::IMWRITE_JPEG_QUALITY, int(quality)}))
            throw std::runtime_error(std::string("cannot write JPEG to ") + path);
    });
}

int cvn_encode_jpeg(cvn_image image, float scale, int32_t quality, uint8_t **bytes, size_t *length, char *error,
                    size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!(scale > 0 && scale <= 1)) throw std::invalid_argument("JPEG scale must lie in (0, 1]");
        cv::Mat source = cvision::borrow(image), scaled;
        if (scale < 1)
            cv::resize(source, scaled, cv::Size(), scale, scale, cv::INTER_AREA);
        else
            scaled = source;
        std::vector<uchar> encoded;
        if (!cv::imencode(".jpg", scaled, encoded, {cv::IMWRITE_JPEG_QUALITY, int(quality)}))
            throw std::runtime_error("JPEG encoding failed");
        auto *buffer = static_cast<uint8_t *>(std::malloc(encoded.size()));
        if (!buffer) throw std::bad_alloc();
        std::memcpy(buffer, encoded.data(), encoded.size());
        *bytes = buffer;
        *length = encoded.size();
    });
}

void cvn_free_bytes(uint8_t *bytes) { std::free(bytes); }

int cvn_decode_image(const uint8_t *bytes, size_t length, uint8_t **pixels, int32_t *width, int32_t *height,
                     char *error, size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!bytes || length == 0) throw std::invalid_argument("empty image data");
        cv::Mat encoded(1, int(length), CV_8UC1, const_cast<uint8_t *>(bytes));
        cv::Mat decoded = cv::imdecode(encoded, cv::IMREAD_COLOR);
        if (decoded.empty()) throw std::runtime_error("not a decodable image (JPEG, PNG, BMP, WebP, TIFF)");
        const size_t size = size_t(decoded.cols) * decoded.rows * 3;
        auto *buffer = static_cast<uint8_t *>(std::malloc(size));
        if (!buffer) throw std::bad_alloc();
        for (int row = 0; row < decoded.rows; ++row)
            std::memcpy(buffer + size_t(row) * decoded.cols * 3, decoded.ptr(row), size_t(decoded.cols) * 3);
        *pixels = buffer;
        *width = decoded.cols;
        *height = decoded.rows;
    });
}

void cvn_free_pixels(uint8_t *pixels) { std::free(pixels); }
