"""ECG Noise Workbench training toolkit: superlet scalograms, autoencoder, latent / pixel diffusion, ONNX export."""
__version__ = "0.1.0"
