import { appNames } from './app-name';

describe('appNames', () => {
  it('derives the class and variable names', () => {
    expect(appNames('orders')).toEqual({ name: 'orders', className: 'Orders', variableName: 'ORDERS' });
    expect(appNames('shop2')).toEqual({ name: 'shop2', className: 'Shop2', variableName: 'SHOP2' });
  });

  it('refuses names that cannot be a folder, a path prefix, a service and a variable at once', () => {
    for (const name of ['', 'Orders', '2orders', 'order-history', 'order_history', 'a'.repeat(31), '../x']) {
      expect(() => appNames(name)).toThrow(/not a valid app name/);
    }
    expect(() => appNames('docs')).toThrow(/reserved/);
  });
});
