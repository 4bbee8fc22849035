// Iris location inside an eye region: the region (rotated with the head) is resampled to a fixed 40x24 grey patch;
// the darkest 25% of its pixels are thresholded and the largest connected dark blob is taken as the iris.
// Its centroid, relative to the patch centre, is the eye's offset.
#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include "guard.hpp"

static const int kPatchWidth = 40, kPatchHeight = 24;

int cvn_locate_iris(cvn_image image, float eye_x, float eye_y, float region_width, float region_height,
                    float roll_degrees, float *offset_x, float *offset_y, float *quality, char *error,
                    size_t error_size) {
    return cvision::guarded(error, error_size, [&] {
        cv::Mat source = cvision::borrow(image);
        if (region_width < 4 || region_height < 3) throw std::invalid_argument("eye region too small");
        // Affine map from patch coordinates to image coordinates: scale, rotate by roll, translate to the eye.
        const double radians = roll_degrees * CV_PI / 180.0;
        const double sx = region_width / kPatchWidth, sy = region_height / kPatchHeight;
        const double c = std::cos(radians), s = std::sin(radians);
        cv::Mat patch_to_image = (cv::Mat_<double>(2, 3) << c * sx, -s * sy, 0, s * sx, c * sy, 0);
        const double px = kPatchWidth / 2.0, py = kPatchHeight / 2.0;
        patch_to_image.at<double>(0, 2) = eye_x - (c * sx * px - s * sy * py);
        patch_to_image.at<double>(1, 2) = eye_y - (s * sx * px + c * sy * py);

        cv::Mat colour_patch, patch;
        cv::warpAffine(source, colour_patch, patch_to_image, cv::Size(kPatchWidth, kPatchHeight),
                       cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);
        cv::cvtColor(colour_patch, patch, cv::COLOR_BGR2GRAY);
        cv::GaussianBlur(patch, patch, cv::Size(3, 3), 0);

        std::vector<uchar> values(patch.begin<uchar>(), patch.end<uchar>());
        const size_t rank = values.size() * 25 / 100;
        std::nth_element(values.begin(), values.begin() + rank, values.end());
        const uchar threshold = values[rank];

        cv::Mat dark = patch <= threshold, labels, stats, centroids;
        const int components = cv::connectedComponentsWithStats(dark, labels, stats, centroids, 8);
        if (components < 2) throw std::runtime_error("no dark blob in the eye region");
        int best = 1;
        for (int i = 2; i < components; ++i)
            if (stats.at<int>(i, cv::CC_STAT_AREA) > stats.at<int>(best, cv::CC_STAT_AREA)) best = i;

        *offset_x = float((centroids.at<double>(best, 0) - px) / px);
        *offset_y = float((centroids.at<double>(best, 1) - py) / py);
        // Quality: contrast between the blob and the rest of the patch (an open eye has a dark iris on a light
        // sclera/skin) times how much of the dark mass the chosen blob holds.
        const double blob_mean = cv::mean(patch, labels == best)[0];
        const double rest_mean = cv::mean(patch, labels != best)[0];
        const double contrast = std::clamp((rest_mean - blob_mean) / 60.0, 0.0, 1.0);
        const double share = double(stats.at<int>(best, cv::CC_STAT_AREA)) / std::max(1, cv::countNonZero(dark));
        *quality = float(contrast * share);
    });
}
