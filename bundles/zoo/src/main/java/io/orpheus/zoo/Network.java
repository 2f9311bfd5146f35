package io.orpheus.zoo;

/** One network architecture: its input geometry and how its layers connect. */
interface Network {

    /** The zoo name, e.g. "resnet18". */
    String name();

    /** One-line description that goes into the model's doc string. */
    String description();

    /** Height and width of the square input image. */
    int imageSize();

    /** Channels of the input image. */
    default int imageChannels() {
        return 3;
    }

    /** Adds the layers from {@code input} to the logits and returns the logits (N x classes). */
    Activation define(NetworkBuilder b, Activation input);
}
