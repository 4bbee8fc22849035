/// List prices used for the report's cost estimate.
public enum RekognitionPricing {
    /// US dollars per image: Rekognition Image's first pricing tier (the first million images a month) in us-east-1,
    /// the same for Group 1 (CompareFaces) and Group 2 (DetectFaces, DetectLabels, DetectText) operations. Other
    /// regions and higher-volume tiers differ.
    public static let pricePerCallUsd: [RekognitionOperation: Double] = [
        .detectFaces: 0.001, .detectLabels: 0.001, .detectText: 0.001, .compareFaces: 0.001,
    ]

    public static let source =
        "AWS list price, us-east-1, first 1M images/month: $0.001 per image; "
        + "see https://aws.amazon.com/rekognition/pricing/"
}
