// Reading text inside detected regions with Tesseract (LSTM engine, one block of text per region). Regions are
// converted to grey and enlarged so that text lines are at least 48 pixels tall, which Tesseract needs.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <opencv2/imgproc.hpp>
#include <tesseract/baseapi.h>
#include "guard.hpp"

struct cvn_text_reader {
    tesseract::TessBaseAPI api;
};

int cvn_text_reader_create(const char *language, cvn_text_reader **out, char *error, size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!language || !out) throw std::invalid_argument("language and output handle are required");
        auto reader = std::make_unique<cvn_text_reader>();
        if (reader->api.Init(nullptr, language, tesseract::OEM_LSTM_ONLY) != 0)
            throw std::runtime_error(std::string("Tesseract has no data for language '") + language +
                                     "' (install tesseract-ocr-" + language + ")");
        reader->api.SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
        *out = reader.release();
    });
}

void cvn_text_reader_destroy(cvn_text_reader *reader) {
    if (reader) reader->api.End();
    delete reader;
}

int cvn_text_reader_read(cvn_text_reader *reader, cvn_image image, float x, float y, float width, float height,
                         char *text, size_t text_size, float *confidence, char *error, size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        if (!text || text_size == 0 || !confidence) throw std::invalid_argument("no output buffer");
        cv::Mat source = cvision::borrow(image);
        const cv::Rect region = cvision::pixel_rect(source, x, y, width, height);
        if (region.empty()) throw std::invalid_argument("text region lies outside the image");
        cv::Mat grey;
        cv::cvtColor(source(region), grey, cv::COLOR_BGR2GRAY);
        if (grey.rows < 48) {
            // Enlarged to 48 rows for Tesseract, but never beyond 4096 columns (a one-row strip would grow 48 times).
            const double scale = std::max(1.0, std::min(48.0 / grey.rows, 4096.0 / grey.cols));
            cv::resize(grey, grey, cv::Size(), scale, scale, cv::INTER_CUBIC);
        }
        reader->api.SetImage(grey.data, grey.cols, grey.rows, 1, int(grey.step));
        std::unique_ptr<char[]> raw(reader->api.GetUTF8Text());
        std::istringstream words(raw ? raw.get() : "");
        std::string word, joined;
        while (words >> word) joined += (joined.empty() ? "" : " ") + word;
        std::snprintf(text, text_size, "%s", joined.c_str());
        *confidence = std::clamp(reader->api.MeanTextConf() / 100.f, 0.f, 1.f);
        reader->api.Clear();
    });
}
