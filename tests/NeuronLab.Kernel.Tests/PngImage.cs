using System.Buffers.Binary;
using System.IO.Compression;

namespace NeuronLab.Kernel.Tests;

/// <summary>
/// A minimal PNG decoder for the screenshot check: 8-bit RGB or RGBA, not interlaced (what Chromium writes).
/// Pixels are RGBA, row-major.
/// </summary>
internal sealed record PngImage(int Width, int Height, byte[] Rgba)
{
    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            var i = 4 * (y * Width + x);
            return (Rgba[i], Rgba[i + 1], Rgba[i + 2]);
        }
    }

    public static PngImage Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        byte[] signature = [137, 80, 78, 71, 13, 10, 26, 10];
        if (!bytes.AsSpan(0, 8).SequenceEqual(signature))
            throw new InvalidDataException($"{path} is not a PNG.");
        int width = 0, height = 0, colorType = 0;
        using var idat = new MemoryStream();
        for (var pos = 8; pos < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(bytes, pos + 4, 4);
            var data = bytes.AsSpan(pos + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    colorType = data[9];
                    if (data[8] != 8 || (colorType != 2 && colorType != 6) || data[12] != 0)
                        throw new NotSupportedException($"PNG bit depth {data[8]}, colour type {colorType}, interlace {data[12]}: only 8-bit RGB/RGBA, not interlaced.");
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }
            pos += 12 + length;
        }
        var channels = colorType == 6 ? 4 : 3;
        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
            z.ReadExactly(raw);
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var line = raw.AsSpan(y * (stride + 1) + 1, stride);
            var current = pixels.AsSpan(y * stride, stride);
            var previous = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? current[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                current[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter {filter}."),
                });
            }
        }
        var rgba = new byte[4 * width * height];
        for (var p = 0; p < width * height; p++)
        {
            rgba[4 * p] = pixels[channels * p];
            rgba[4 * p + 1] = pixels[channels * p + 1];
            rgba[4 * p + 2] = pixels[channels * p + 2];
            rgba[4 * p + 3] = channels == 4 ? pixels[channels * p + 3] : (byte)255;
        }
        return new PngImage(width, height, rgba);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
